#include "client/synth_tables.h"

#include <array>
#include <cmath>
#include <vector>

#include "storage/reference/cameo_codebook.h"

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

// The codes the generator uses and their weights (per 10,000 of the overall
// mix, before a dyad's mood shifts it), following the shape of real GDELT
// exports: statements, consultations, visits and appeals lead; arrests and
// military force lead the conflict side. Names and Goldstein scores come
// from the built-in CAMEO codebook (storage/reference/cameo_codebook.h), the
// one the server fills events in with.
struct CodeWeight {
  std::string_view code;
  uint32_t weight;
};

constexpr std::array kCameoCodes = {
    // Roots 01-05: verbal cooperation.
    CodeWeight{"010", 850},
    CodeWeight{"011", 40},
    CodeWeight{"012", 150},
    CodeWeight{"013", 170},
    CodeWeight{"014", 100},
    CodeWeight{"015", 30},
    CodeWeight{"016", 40},
    CodeWeight{"018", 40},
    CodeWeight{"019", 50},
    CodeWeight{"020", 550},
    CodeWeight{"0211", 40},
    CodeWeight{"0231", 40},
    CodeWeight{"0233", 30},
    CodeWeight{"0256", 20},
    CodeWeight{"030", 170},
    CodeWeight{"031", 40},
    CodeWeight{"0311", 40},
    CodeWeight{"0312", 20},
    CodeWeight{"032", 40},
    CodeWeight{"036", 600},
    CodeWeight{"040", 880},
    CodeWeight{"041", 120},
    CodeWeight{"042", 750},
    CodeWeight{"043", 700},
    CodeWeight{"044", 80},
    CodeWeight{"045", 40},
    CodeWeight{"046", 430},
    CodeWeight{"050", 110},
    CodeWeight{"051", 550},
    CodeWeight{"052", 40},
    CodeWeight{"054", 15},
    CodeWeight{"055", 25},
    CodeWeight{"056", 10},
    CodeWeight{"057", 100},
    // Roots 06-08: material cooperation.
    CodeWeight{"060", 150},
    CodeWeight{"061", 90},
    CodeWeight{"062", 40},
    CodeWeight{"064", 25},
    CodeWeight{"070", 100},
    CodeWeight{"071", 140},
    CodeWeight{"072", 40},
    CodeWeight{"073", 50},
    CodeWeight{"080", 80},
    CodeWeight{"081", 20},
    CodeWeight{"084", 80},
    CodeWeight{"0841", 60},
    CodeWeight{"085", 10},
    CodeWeight{"087", 15},
    // Roots 09-13: verbal conflict.
    CodeWeight{"090", 200},
    CodeWeight{"091", 60},
    CodeWeight{"100", 90},
    CodeWeight{"1011", 10},
    CodeWeight{"1041", 20},
    CodeWeight{"110", 150},
    CodeWeight{"111", 120},
    CodeWeight{"112", 200},
    CodeWeight{"1121", 40},
    CodeWeight{"1122", 40},
    CodeWeight{"113", 20},
    CodeWeight{"114", 50},
    CodeWeight{"115", 40},
    CodeWeight{"120", 200},
    CodeWeight{"121", 20},
    CodeWeight{"125", 20},
    CodeWeight{"128", 40},
    CodeWeight{"130", 100},
    CodeWeight{"131", 20},
    CodeWeight{"138", 40},
    CodeWeight{"139", 10},
    // Roots 14-20: material conflict.
    CodeWeight{"140", 50},
    CodeWeight{"141", 80},
    CodeWeight{"145", 40},
    CodeWeight{"150", 40},
    CodeWeight{"152", 10},
    CodeWeight{"154", 20},
    CodeWeight{"160", 50},
    CodeWeight{"161", 15},
    CodeWeight{"163", 40},
    CodeWeight{"171", 30},
    CodeWeight{"1711", 15},
    CodeWeight{"172", 70},
    CodeWeight{"173", 380},
    CodeWeight{"174", 40},
    CodeWeight{"175", 20},
    CodeWeight{"180", 60},
    CodeWeight{"181", 30},
    CodeWeight{"182", 50},
    CodeWeight{"1822", 5},
    CodeWeight{"183", 30},
    CodeWeight{"1831", 10},
    CodeWeight{"186", 15},
    CodeWeight{"190", 360},
    CodeWeight{"191", 20},
    CodeWeight{"192", 20},
    CodeWeight{"193", 150},
    CodeWeight{"194", 30},
    CodeWeight{"195", 50},
    CodeWeight{"200", 5},
    CodeWeight{"202", 5},
};

}  // namespace

absl::Span<const SynthCountry> SynthCountries() { return kCountries; }

absl::Span<const SynthSector> SynthSectors() { return kSectors; }

absl::Span<const SynthOrganization> SynthOrganizations() {
  return kOrganizations;
}

absl::Span<const SynthCameoCode> SynthCameoCodes() {
  // Built once, on first use (thread-safe static initialization).
  static const std::vector<SynthCameoCode>* const codes = [] {
    auto* out = new std::vector<SynthCameoCode>;
    out->reserve(kCameoCodes.size());
    for (const CodeWeight& entry : kCameoCodes) {
      // Every code of kCameoCodes is in the codebook (a test checks it).
      const reference::CameoCode* known = reference::FindCameoCode(entry.code);
      out->push_back(SynthCameoCode{
          entry.code, known != nullptr ? known->name : entry.code,
          known != nullptr
              ? static_cast<int>(std::lround(known->goldstein * 10))
              : 0,
          entry.weight});
    }
    return out;
  }();
  return *codes;
}

int SynthQuadClass(std::string_view code) {
  return reference::CameoQuadClass(code);
}

std::optional<double> SynthGoldstein(std::string_view code) {
  for (const SynthCameoCode& entry : SynthCameoCodes()) {
    if (entry.code == code) return entry.goldstein_tenths / 10.0;
  }
  return std::nullopt;
}

}  // namespace eventgraph::client
