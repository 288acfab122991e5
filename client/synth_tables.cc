#include "client/synth_tables.h"

#include <array>

namespace eventgraph::client {
namespace {

// Coordinates are approximate (capital cities, and a point near the middle
// of each country), in degrees x 10^4. Prominence is a rough share of
// international news attention, most prominent first.
constexpr std::array kCountries = {
    SynthCountry{"USA", "US", "UNITED STATES", "AMERICAN", "United States",
                 "Washington", "CHR", 389511, -770364, 398000, -986000, 1000},
    SynthCountry{"RUS", "RS", "RUSSIA", "RUSSIAN", "Russia", "Moscow", "CHR",
                 557522, 376156, 600000, 1000000, 520},
    SynthCountry{"CHN", "CH", "CHINA", "CHINESE", "China", "Beijing", "BUD",
                 399289, 1163883, 350000, 1050000, 500},
    SynthCountry{"GBR", "UK", "UNITED KINGDOM", "BRITISH", "United Kingdom",
                 "London", "CHR", 515000, -1167, 540000, -20000, 380},
    SynthCountry{"IND", "IN", "INDIA", "INDIAN", "India", "New Delhi", "HIN",
                 286000, 772000, 200000, 770000, 330},
    SynthCountry{"FRA", "FR", "FRANCE", "FRENCH", "France", "Paris", "CHR",
                 488667, 23333, 460000, 20000, 300},
    SynthCountry{"ISR", "IS", "ISRAEL", "ISRAELI", "Israel", "Jerusalem", "JEW",
                 317784, 352066, 315000, 347500, 300},
    SynthCountry{"DEU", "GM", "GERMANY", "GERMAN", "Germany", "Berlin", "CHR",
                 525167, 134000, 510000, 90000, 290},
    SynthCountry{"IRN", "IR", "IRAN", "IRANIAN", "Iran", "Tehran", "MOS",
                 356719, 514244, 320000, 530000, 280},
    SynthCountry{"JPN", "JA", "JAPAN", "JAPANESE", "Japan", "Tokyo", "BUD",
                 356850, 1397514, 360000, 1380000, 260},
    SynthCountry{"UKR", "UP", "UKRAINE", "UKRAINIAN", "Ukraine", "Kyiv", "CHR",
                 504333, 305167, 490000, 320000, 240},
    SynthCountry{"TUR", "TU", "TURKEY", "TURKISH", "Turkey", "Ankara", "MOS",
                 399272, 328644, 390000, 350000, 220},
    SynthCountry{"SYR", "SY", "SYRIA", "SYRIAN", "Syria", "Damascus", "MOS",
                 335000, 363000, 350000, 380000, 200},
    SynthCountry{"PAK", "PK", "PAKISTAN", "PAKISTANI", "Pakistan", "Islamabad",
                 "MOS", 337000, 731667, 300000, 700000, 200},
    SynthCountry{"AFG", "AF", "AFGHANISTAN", "AFGHAN", "Afghanistan", "Kabul",
                 "MOS", 345167, 691833, 330000, 650000, 190},
    SynthCountry{"IRQ", "IZ", "IRAQ", "IRAQI", "Iraq", "Baghdad", "MOS", 333386,
                 443939, 330000, 440000, 190},
    SynthCountry{"KOR", "KS", "SOUTH KOREA", "SOUTH KOREAN", "South Korea",
                 "Seoul", "CHR", 375664, 1269997, 370000, 1275000, 180},
    SynthCountry{"EGY", "EG", "EGYPT", "EGYPTIAN", "Egypt", "Cairo", "MOS",
                 300500, 312500, 270000, 300000, 170},
    SynthCountry{"SAU", "SA", "SAUDI ARABIA", "SAUDI", "Saudi Arabia", "Riyadh",
                 "MOS", 246408, 467728, 250000, 450000, 160},
    SynthCountry{"CAN", "CA", "CANADA", "CANADIAN", "Canada", "Ottawa", "CHR",
                 454167, -757000, 600000, -950000, 150},
    SynthCountry{"AUS", "AS", "AUSTRALIA", "AUSTRALIAN", "Australia",
                 "Canberra", "CHR", -352833, 1492167, -270000, 1330000, 150},
    SynthCountry{"PRK", "KN", "NORTH KOREA", "NORTH KOREAN", "North Korea",
                 "Pyongyang", "", 390194, 1257547, 400000, 1270000, 140},
    SynthCountry{"ITA", "IT", "ITALY", "ITALIAN", "Italy", "Rome", "CHR",
                 419000, 124833, 428333, 128333, 140},
    SynthCountry{"BRA", "BR", "BRAZIL", "BRAZILIAN", "Brazil", "Brasilia",
                 "CHR", -157833, -479167, -100000, -550000, 120},
    SynthCountry{"NGA", "NI", "NIGERIA", "NIGERIAN", "Nigeria", "Abuja", "MOS",
                 90833, 75333, 100000, 80000, 120},
    SynthCountry{"PSE", "WE", "PALESTINE", "PALESTINIAN", "West Bank",
                 "Ramallah", "MOS", 319000, 352000, 320000, 352500, 120},
    SynthCountry{"MEX", "MX", "MEXICO", "MEXICAN", "Mexico", "Mexico City",
                 "CHR", 194342, -991386, 230000, -1020000, 110},
    SynthCountry{"ZAF", "SF", "SOUTH AFRICA", "SOUTH AFRICAN", "South Africa",
                 "Pretoria", "CHR", -257069, 282294, -290000, 240000, 100},
    SynthCountry{"ESP", "SP", "SPAIN", "SPANISH", "Spain", "Madrid", "CHR",
                 404000, -36833, 400000, -40000, 90},
    SynthCountry{"LBN", "LE", "LEBANON", "LEBANESE", "Lebanon", "Beirut", "MOS",
                 338719, 355097, 338333, 358333, 90},
    SynthCountry{"POL", "PL", "POLAND", "POLISH", "Poland", "Warsaw", "CHR",
                 522500, 210000, 520000, 200000, 80},
    SynthCountry{"YEM", "YM", "YEMEN", "YEMENI", "Yemen", "Sanaa", "MOS",
                 153547, 442067, 150000, 480000, 80},
    SynthCountry{"LBY", "LY", "LIBYA", "LIBYAN", "Libya", "Tripoli", "MOS",
                 328925, 131800, 250000, 170000, 80},
    SynthCountry{"PHL", "RP", "PHILIPPINES", "FILIPINO", "Philippines",
                 "Manila", "CHR", 146042, 1209822, 130000, 1220000, 80},
    SynthCountry{"VEN", "VE", "VENEZUELA", "VENEZUELAN", "Venezuela", "Caracas",
                 "CHR", 105000, -669167, 80000, -660000, 70},
    SynthCountry{"IDN", "ID", "INDONESIA", "INDONESIAN", "Indonesia", "Jakarta",
                 "MOS", -61744, 1068294, -50000, 1200000, 70},
    SynthCountry{"GEO", "GG", "GEORGIA", "GEORGIAN", "Georgia", "Tbilisi",
                 "CHR", 417250, 447908, 420000, 435000, 60},
    SynthCountry{"TWN", "TW", "TAIWAN", "TAIWANESE", "Taiwan", "Taipei", "BUD",
                 250392, 1215250, 235000, 1210000, 60},
    SynthCountry{"JOR", "JO", "JORDAN", "JORDANIAN", "Jordan", "Amman", "MOS",
                 319500, 359333, 310000, 360000, 60},
    SynthCountry{"SDN", "SU", "SUDAN", "SUDANESE", "Sudan", "Khartoum", "MOS",
                 155881, 325342, 150000, 300000, 60},
    SynthCountry{"KEN", "KE", "KENYA", "KENYAN", "Kenya", "Nairobi", "CHR",
                 -12833, 368167, 10000, 380000, 60},
    SynthCountry{"COL", "CO", "COLOMBIA", "COLOMBIAN", "Colombia", "Bogota",
                 "CHR", 46000, -740833, 40000, -720000, 60},
    SynthCountry{"BLR", "BO", "BELARUS", "BELARUSIAN", "Belarus", "Minsk",
                 "CHR", 539000, 275667, 530000, 280000, 50},
    SynthCountry{"KAZ", "KZ", "KAZAKHSTAN", "KAZAKH", "Kazakhstan", "Astana",
                 "MOS", 511811, 714278, 480000, 680000, 50},
    SynthCountry{"ETH", "ET", "ETHIOPIA", "ETHIOPIAN", "Ethiopia",
                 "Addis Ababa", "CHR", 90333, 387000, 80000, 380000, 50},
    SynthCountry{"SOM", "SO", "SOMALIA", "SOMALI", "Somalia", "Mogadishu",
                 "MOS", 20667, 453667, 100000, 490000, 50},
    SynthCountry{"ARG", "AR", "ARGENTINA", "ARGENTINE", "Argentina",
                 "Buenos Aires", "CHR", -346033, -583817, -340000, -640000, 50},
    SynthCountry{"CUB", "CU", "CUBA", "CUBAN", "Cuba", "Havana", "CHR", 231319,
                 -823642, 215000, -800000, 50},
    SynthCountry{"VNM", "VM", "VIETNAM", "VIETNAMESE", "Vietnam", "Hanoi",
                 "BUD", 210333, 1058500, 161667, 1078333, 50},
    SynthCountry{"THA", "TH", "THAILAND", "THAI", "Thailand", "Bangkok", "BUD",
                 137500, 1005167, 150000, 1000000, 50},
    SynthCountry{"GRC", "GR", "GREECE", "GREEK", "Greece", "Athens", "CHR",
                 379833, 237333, 390000, 220000, 50},
    SynthCountry{"MMR", "BM", "MYANMAR", "BURMESE", "Burma", "Naypyidaw", "BUD",
                 197450, 961297, 220000, 980000, 40},
    SynthCountry{"NLD", "NL", "NETHERLANDS", "DUTCH", "Netherlands",
                 "Amsterdam", "CHR", 523500, 49167, 525000, 57500, 40},
    SynthCountry{"SRB", "RI", "SERBIA", "SERBIAN", "Serbia", "Belgrade", "CHR",
                 448186, 204681, 440000, 210000, 40},
    SynthCountry{"ARM", "AM", "ARMENIA", "ARMENIAN", "Armenia", "Yerevan",
                 "CHR", 401811, 445136, 400000, 450000, 40},
    SynthCountry{"AZE", "AJ", "AZERBAIJAN", "AZERBAIJANI", "Azerbaijan", "Baku",
                 "MOS", 403953, 498822, 405000, 475000, 40},
    SynthCountry{"QAT", "QA", "QATAR", "QATARI", "Qatar", "Doha", "MOS", 252867,
                 515333, 255000, 512500, 40},
    SynthCountry{"ARE", "AE", "UNITED ARAB EMIRATES", "EMIRATI",
                 "United Arab Emirates", "Abu Dhabi", "MOS", 244667, 543667,
                 240000, 540000, 40},
    SynthCountry{"BEL", "BE", "BELGIUM", "BELGIAN", "Belgium", "Brussels",
                 "CHR", 508333, 43333, 508333, 40000, 40},
    SynthCountry{"CHE", "SZ", "SWITZERLAND", "SWISS", "Switzerland", "Bern",
                 "CHR", 469167, 74667, 470000, 80000, 40},
    SynthCountry{"COD", "CG", "CONGO", "CONGOLESE", "Congo (Kinshasa)",
                 "Kinshasa", "CHR", -43000, 153000, -25000, 235000, 30},
    SynthCountry{"MLI", "ML", "MALI", "MALIAN", "Mali", "Bamako", "MOS", 126500,
                 -80000, 170000, -40000, 30},
    SynthCountry{"SWE", "SW", "SWEDEN", "SWEDISH", "Sweden", "Stockholm", "CHR",
                 593333, 180500, 620000, 150000, 30},
};

constexpr std::array kSectors = {
    SynthSector{"GOV", "GOVERNMENT", 100, false},
    SynthSector{"MIL", "MILITARY", 55, false},
    SynthSector{"COP", "POLICE", 45, false},
    SynthSector{"MED", "MEDIA", 30, false},
    SynthSector{"LEG", "PARLIAMENT", 25, false},
    SynthSector{"BUS", "BUSINESS", 25, false},
    SynthSector{"OPP", "OPPOSITION", 22, false},
    SynthSector{"CVL", "CIVILIANS", 22, false},
    SynthSector{"JUD", "JUDICIARY", 18, false},
    SynthSector{"REB", "REBELS", 12, false},
    SynthSector{"CRM", "CRIMINALS", 10, false},
    SynthSector{"SPY", "INTELLIGENCE SERVICE", 8, false},
    SynthSector{"EDU", "UNIVERSITY", 8, false},
    SynthSector{"HLH", "HEALTH MINISTRY", 8, false},
    SynthSector{"LAB", "LABOR UNION", 7, false},
    SynthSector{"REF", "REFUGEES", 7, false},
    SynthSector{"ELI", "ELITES", 6, false},
    SynthSector{"", "CLERGY", 6, true},
    SynthSector{"AGR", "FARMERS", 4, false},
    SynthSector{"ENV", "ENVIRONMENTALISTS", 3, false},
};

constexpr std::array kOrganizations = {
    SynthOrganization{"IGOUNO", "UNITED NATIONS", "UNO", "USA", 260},
    SynthOrganization{"IGOEUREEC", "EUROPEAN UNION", "EEC", "BEL", 160},
    SynthOrganization{"IGOWSTNAT", "NATO", "NAT", "BEL", 120},
    SynthOrganization{"IGOAFRAFU", "AFRICAN UNION", "AFU", "ETH", 50},
    SynthOrganization{"IGOARBARL", "ARAB LEAGUE", "ARL", "EGY", 40},
    SynthOrganization{"NGOIRC", "RED CROSS", "IRC", "CHE", 30},
};

// Goldstein scores are the standard CAMEO values (x 10). Weights (per
// 10,000 of the overall mix, before a dyad's mood shifts it) follow the
// shape of real GDELT exports: statements, consultations, visits and
// appeals lead; arrests and military force lead the conflict side.
constexpr std::array kCameoCodes = {
    // Roots 01-05: verbal cooperation.
    SynthCameoCode{"010", "Make statement", 0, 850},
    SynthCameoCode{"011", "Decline comment", -1, 40},
    SynthCameoCode{"012", "Make pessimistic comment", -4, 150},
    SynthCameoCode{"013", "Make optimistic comment", 4, 170},
    SynthCameoCode{"014", "Consider policy option", 0, 100},
    SynthCameoCode{"015", "Acknowledge or claim responsibility", 0, 30},
    SynthCameoCode{"016", "Deny responsibility", -20, 40},
    SynthCameoCode{"018", "Make empathetic comment", 34, 40},
    SynthCameoCode{"019", "Express accord", 34, 50},
    SynthCameoCode{"020", "Make an appeal or request", 30, 550},
    SynthCameoCode{"0211", "Appeal for economic cooperation", 34, 40},
    SynthCameoCode{"0231", "Appeal for economic aid", 34, 40},
    SynthCameoCode{"0233", "Appeal for humanitarian aid", 34, 30},
    SynthCameoCode{"0256", "Appeal for de-escalation of military engagement",
                   -3, 20},
    SynthCameoCode{"030", "Express intent to cooperate", 40, 170},
    SynthCameoCode{"031", "Express intent to engage in material cooperation",
                   52, 40},
    SynthCameoCode{"0311", "Express intent to cooperate economically", 52, 40},
    SynthCameoCode{"0312", "Express intent to cooperate militarily", 52, 20},
    SynthCameoCode{"032", "Express intent to provide diplomatic cooperation",
                   45, 40},
    SynthCameoCode{"036", "Express intent to meet or negotiate", 40, 600},
    SynthCameoCode{"040", "Consult", 10, 880},
    SynthCameoCode{"041", "Discuss by telephone", 10, 120},
    SynthCameoCode{"042", "Make a visit", 19, 750},
    SynthCameoCode{"043", "Host a visit", 28, 700},
    SynthCameoCode{"044", "Meet at a third location", 25, 80},
    SynthCameoCode{"045", "Mediate", 50, 40},
    SynthCameoCode{"046", "Engage in negotiation", 70, 430},
    SynthCameoCode{"050", "Engage in diplomatic cooperation", 35, 110},
    SynthCameoCode{"051", "Praise or endorse", 34, 550},
    SynthCameoCode{"052", "Defend verbally", 35, 40},
    SynthCameoCode{"054", "Grant diplomatic recognition", 60, 15},
    SynthCameoCode{"055", "Apologize", 70, 25},
    SynthCameoCode{"056", "Forgive", 70, 10},
    SynthCameoCode{"057", "Sign formal agreement", 80, 100},
    // Roots 06-08: material cooperation.
    SynthCameoCode{"060", "Engage in material cooperation", 60, 150},
    SynthCameoCode{"061", "Cooperate economically", 64, 90},
    SynthCameoCode{"062", "Cooperate militarily", 74, 40},
    SynthCameoCode{"064", "Share intelligence or information", 70, 25},
    SynthCameoCode{"070", "Provide aid", 70, 100},
    SynthCameoCode{"071", "Provide economic aid", 74, 140},
    SynthCameoCode{"072", "Provide military aid", 83, 40},
    SynthCameoCode{"073", "Provide humanitarian aid", 74, 50},
    SynthCameoCode{"080", "Yield", 50, 80},
    SynthCameoCode{"081", "Ease administrative sanctions", 50, 20},
    SynthCameoCode{"084", "Return, release", 70, 80},
    SynthCameoCode{"0841", "Return, release person(s)", 70, 60},
    SynthCameoCode{"085", "Ease economic sanctions, boycott, embargo", 70, 10},
    SynthCameoCode{"087", "De-escalate military engagement", 90, 15},
    // Roots 09-13: verbal conflict.
    SynthCameoCode{"090", "Investigate", -20, 200},
    SynthCameoCode{"091", "Investigate crime, corruption", -20, 60},
    SynthCameoCode{"100", "Demand", -50, 90},
    SynthCameoCode{"1011", "Demand economic cooperation", -50, 10},
    SynthCameoCode{"1041", "Demand change in leadership", -50, 20},
    SynthCameoCode{"110", "Disapprove", -20, 150},
    SynthCameoCode{"111", "Criticize or denounce", -20, 120},
    SynthCameoCode{"112", "Accuse", -20, 200},
    SynthCameoCode{"1121", "Accuse of crime, corruption", -20, 40},
    SynthCameoCode{"1122", "Accuse of human rights abuses", -20, 40},
    SynthCameoCode{"113", "Rally opposition against", -20, 20},
    SynthCameoCode{"114", "Complain officially", -20, 50},
    SynthCameoCode{"115", "Bring lawsuit against", -20, 40},
    SynthCameoCode{"120", "Reject", -40, 200},
    SynthCameoCode{"121", "Reject material cooperation", -40, 20},
    SynthCameoCode{"125", "Reject proposal to meet, discuss, or negotiate", -50,
                   20},
    SynthCameoCode{"128", "Defy norms, law", -50, 40},
    SynthCameoCode{"130", "Threaten", -44, 100},
    SynthCameoCode{"131", "Threaten non-force", -58, 20},
    SynthCameoCode{"138", "Threaten to use military force", -70, 40},
    SynthCameoCode{"139", "Give ultimatum", -70, 10},
    // Roots 14-20: material conflict.
    SynthCameoCode{"140", "Engage in political dissent", -65, 50},
    SynthCameoCode{"141", "Demonstrate or rally", -65, 80},
    SynthCameoCode{"145", "Protest violently, riot", -75, 40},
    SynthCameoCode{"150", "Demonstrate military or police power", -72, 40},
    SynthCameoCode{"152", "Increase military alert status", -72, 10},
    SynthCameoCode{"154", "Mobilize or increase armed forces", -72, 20},
    SynthCameoCode{"160", "Reduce relations", -40, 50},
    SynthCameoCode{"161", "Reduce or break diplomatic relations", -40, 15},
    SynthCameoCode{"163", "Impose embargo, boycott, or sanctions", -80, 40},
    SynthCameoCode{"171", "Seize or damage property", -92, 30},
    SynthCameoCode{"1711", "Confiscate property", -92, 15},
    SynthCameoCode{"172", "Impose administrative sanctions", -50, 70},
    SynthCameoCode{"173", "Arrest, detain, or charge with legal action", -50,
                   380},
    SynthCameoCode{"174", "Expel or deport individuals", -50, 40},
    SynthCameoCode{"175", "Use tactics of violent repression", -90, 20},
    SynthCameoCode{"180", "Use unconventional violence", -90, 60},
    SynthCameoCode{"181", "Abduct, hijack, or take hostage", -90, 30},
    SynthCameoCode{"182", "Physically assault", -95, 50},
    SynthCameoCode{"1822", "Torture", -90, 5},
    SynthCameoCode{"183", "Conduct non-military bombing", -100, 30},
    SynthCameoCode{"1831", "Carry out suicide bombing", -100, 10},
    SynthCameoCode{"186", "Assassinate", -100, 15},
    SynthCameoCode{"190", "Use conventional military force", -100, 360},
    SynthCameoCode{"191", "Impose blockade, restrict movement", -95, 20},
    SynthCameoCode{"192", "Occupy territory", -95, 20},
    SynthCameoCode{"193", "Fight with small arms and light weapons", -100, 150},
    SynthCameoCode{"194", "Fight with artillery and tanks", -100, 30},
    SynthCameoCode{"195", "Employ aerial weapons", -100, 50},
    SynthCameoCode{"200", "Use unconventional mass violence", -100, 5},
    SynthCameoCode{"202", "Engage in mass killings", -100, 5},
};

}  // namespace

absl::Span<const SynthCountry> SynthCountries() { return kCountries; }

absl::Span<const SynthSector> SynthSectors() { return kSectors; }

absl::Span<const SynthOrganization> SynthOrganizations() {
  return kOrganizations;
}

absl::Span<const SynthCameoCode> SynthCameoCodes() { return kCameoCodes; }

int QuadClassOfRoot(int root) {
  if (root >= 1 && root <= 5) return 1;
  if (root >= 6 && root <= 8) return 2;
  if (root >= 9 && root <= 13) return 3;
  if (root >= 14 && root <= 20) return 4;
  return 0;
}

int CameoRoot(std::string_view code) {
  if (code.size() < 2 || code[0] < '0' || code[0] > '9' || code[1] < '0' ||
      code[1] > '9') {
    return -1;
  }
  return (code[0] - '0') * 10 + (code[1] - '0');
}

std::optional<double> SynthGoldstein(std::string_view code) {
  for (const SynthCameoCode& entry : kCameoCodes) {
    if (entry.code == code) return entry.goldstein_tenths / 10.0;
  }
  return std::nullopt;
}

}  // namespace eventgraph::client
