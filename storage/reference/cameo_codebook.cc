#include "storage/reference/cameo_codebook.h"

#include <algorithm>
#include <iterator>

namespace eventgraph::reference {
namespace {

// The table, written from the CAMEO 1.1b3 manual (Schrodt 2012).
//
// Names: the manual's, without its "not specified below" tails (the residual
// code 040 is "Consult", as ICEWS names events; GDELT's lookup file keeps
// the tails). Roots are written in sentence case ("Consult", not "CONSULT"),
// so that an event coded with a bare root gets a readable action. ICEWS
// spells 116, 193 and 194 with a lower-case first letter; they are
// capitalised here (action filters compare case-insensitively).
//
// Goldstein: the CAMEO mapping of Goldstein's (1992) conflict-cooperation
// scale as distributed with CAMEO and used by GDELT. 1213 (reject judicial
// cooperation), which that mapping omits, takes its siblings' -4.0.
//
// Where the GDELT lookup files or the ICEWS codebook differ from this table,
// tests/storage/cameo_codebook_test.cc lists each difference and why.
//
// Keep the table sorted by code text (a test checks it).
// A plain array: std::array's deduction guide would be a fold over every
// element, past clang's nesting limit of 256.
constexpr CameoCode kCodes[] = {
    // 01 Make public statement (verbal cooperation)
    CameoCode{"01", "Make public statement", 0.0},
    CameoCode{"010", "Make statement", 0.0},
    CameoCode{"011", "Decline comment", -0.1},
    CameoCode{"012", "Make pessimistic comment", -0.4},
    CameoCode{"013", "Make optimistic comment", 0.4},
    CameoCode{"014", "Consider policy option", 0.0},
    CameoCode{"015", "Acknowledge or claim responsibility", 0.0},
    CameoCode{"016", "Deny responsibility", -2.0},
    CameoCode{"017", "Engage in symbolic act", 0.0},
    CameoCode{"018", "Make empathetic comment", 3.4},
    CameoCode{"019", "Express accord", 3.4},
    // 02 Appeal
    CameoCode{"02", "Appeal", 3.0},
    CameoCode{"020", "Make an appeal or request", 3.0},
    CameoCode{"021", "Appeal for material cooperation", 3.4},
    CameoCode{"0211", "Appeal for economic cooperation", 3.4},
    CameoCode{"0212", "Appeal for military cooperation", 3.4},
    CameoCode{"0213", "Appeal for judicial cooperation", 3.4},
    CameoCode{"0214", "Appeal for intelligence", 3.4},
    CameoCode{"022",
              "Appeal for diplomatic cooperation (such as policy support)",
              3.2},
    CameoCode{"023", "Appeal for aid", 3.4},
    CameoCode{"0231", "Appeal for economic aid", 3.4},
    CameoCode{"0232", "Appeal for military aid", 3.4},
    CameoCode{"0233", "Appeal for humanitarian aid", 3.4},
    CameoCode{"0234", "Appeal for military protection or peacekeeping", 3.4},
    CameoCode{"024", "Appeal for political reform", -0.3},
    CameoCode{"0241", "Appeal for change in leadership", -0.3},
    CameoCode{"0242", "Appeal for policy change", -0.3},
    CameoCode{"0243", "Appeal for rights", -0.3},
    CameoCode{"0244", "Appeal for change in institutions, regime", -0.3},
    CameoCode{"025", "Appeal to yield", -0.3},
    CameoCode{"0251", "Appeal for easing of administrative sanctions", -0.3},
    CameoCode{"0252", "Appeal for easing of political dissent", -0.3},
    CameoCode{"0253", "Appeal for release of persons or property", -0.3},
    CameoCode{"0254",
              "Appeal for easing of economic sanctions, boycott, or embargo",
              -0.3},
    CameoCode{"0255",
              "Appeal for target to allow international involvement "
              "(non-mediation)",
              -0.3},
    CameoCode{"0256", "Appeal for de-escalation of military engagement", -0.3},
    CameoCode{"026", "Appeal to others to meet or negotiate", 4.0},
    CameoCode{"027", "Appeal to others to settle dispute", 4.0},
    CameoCode{"028", "Appeal to engage in or accept mediation", 4.0},
    // 03 Express intent to cooperate
    CameoCode{"03", "Express intent to cooperate", 4.0},
    CameoCode{"030", "Express intent to cooperate", 4.0},
    CameoCode{"031", "Express intent to engage in material cooperation", 5.2},
    CameoCode{"0311", "Express intent to cooperate economically", 5.2},
    CameoCode{"0312", "Express intent to cooperate militarily", 5.2},
    CameoCode{"0313", "Express intent to cooperate on judicial matters", 5.2},
    CameoCode{"0314", "Express intent to cooperate on intelligence", 5.2},
    CameoCode{"032",
              "Express intent to engage in diplomatic cooperation (such as "
              "policy support)",
              4.5},
    CameoCode{"033", "Express intent to provide material aid", 5.2},
    CameoCode{"0331", "Express intent to provide economic aid", 5.2},
    CameoCode{"0332", "Express intent to provide military aid", 5.2},
    CameoCode{"0333", "Express intent to provide humanitarian aid", 5.2},
    CameoCode{"0334",
              "Express intent to provide military protection or peacekeeping",
              6.0},
    CameoCode{"034", "Express intent to institute political reform", 7.0},
    CameoCode{"0341", "Express intent to change leadership", 7.0},
    CameoCode{"0342", "Express intent to change policy", 7.0},
    CameoCode{"0343", "Express intent to provide rights", 7.0},
    CameoCode{"0344", "Express intent to change institutions, regime", 7.0},
    CameoCode{"035", "Express intent to yield", 7.0},
    CameoCode{"0351", "Express intent to ease administrative sanctions", 7.0},
    CameoCode{"0352", "Express intent to ease popular dissent", 7.0},
    CameoCode{"0353", "Express intent to release persons or property", 7.0},
    CameoCode{"0354",
              "Express intent to ease economic sanctions, boycott, or embargo",
              7.0},
    CameoCode{"0355",
              "Express intent to allow international involvement "
              "(non-mediation)",
              7.0},
    CameoCode{"0356", "Express intent to de-escalate military engagement", 7.0},
    CameoCode{"036", "Express intent to meet or negotiate", 4.0},
    CameoCode{"037", "Express intent to settle dispute", 5.0},
    CameoCode{"038", "Express intent to accept mediation", 7.0},
    CameoCode{"039", "Express intent to mediate", 5.0},
    // 04 Consult
    CameoCode{"04", "Consult", 1.0},
    CameoCode{"040", "Consult", 1.0},
    CameoCode{"041", "Discuss by telephone", 1.0},
    CameoCode{"042", "Make a visit", 1.9},
    CameoCode{"043", "Host a visit", 2.8},
    CameoCode{"044", "Meet at a 'third' location", 2.5},
    CameoCode{"045", "Mediate", 5.0},
    CameoCode{"046", "Engage in negotiation", 7.0},
    // 05 Engage in diplomatic cooperation
    CameoCode{"05", "Engage in diplomatic cooperation", 3.5},
    CameoCode{"050", "Engage in diplomatic cooperation", 3.5},
    CameoCode{"051", "Praise or endorse", 3.4},
    CameoCode{"052", "Defend verbally", 3.5},
    CameoCode{"053", "Rally support on behalf of", 3.8},
    CameoCode{"054", "Grant diplomatic recognition", 6.0},
    CameoCode{"055", "Apologize", 7.0},
    CameoCode{"056", "Forgive", 7.0},
    CameoCode{"057", "Sign formal agreement", 8.0},
    // 06 Engage in material cooperation (material cooperation)
    CameoCode{"06", "Engage in material cooperation", 6.0},
    CameoCode{"060", "Engage in material cooperation", 6.0},
    CameoCode{"061", "Cooperate economically", 6.4},
    CameoCode{"062", "Cooperate militarily", 7.4},
    CameoCode{"063", "Engage in judicial cooperation", 7.4},
    CameoCode{"064", "Share intelligence or information", 7.0},
    // 07 Provide aid
    CameoCode{"07", "Provide aid", 7.0},
    CameoCode{"070", "Provide aid", 7.0},
    CameoCode{"071", "Provide economic aid", 7.4},
    CameoCode{"072", "Provide military aid", 8.3},
    CameoCode{"073", "Provide humanitarian aid", 7.4},
    CameoCode{"074", "Provide military protection or peacekeeping", 8.5},
    CameoCode{"075", "Grant asylum", 7.0},
    // 08 Yield
    CameoCode{"08", "Yield", 5.0},
    CameoCode{"080", "Yield", 5.0},
    CameoCode{"081", "Ease administrative sanctions", 5.0},
    CameoCode{"0811", "Ease restrictions on political freedoms", 5.0},
    CameoCode{"0812", "Ease ban on political parties or politicians", 5.0},
    CameoCode{"0813", "Ease curfew", 5.0},
    CameoCode{"0814", "Ease state of emergency or martial law", 5.0},
    CameoCode{"082", "Ease political dissent", 5.0},
    CameoCode{"083", "Accede to requests or demands for political reform", 5.0},
    CameoCode{"0831", "Accede to demands for change in leadership", 5.0},
    CameoCode{"0832", "Accede to demands for change in policy", 5.0},
    CameoCode{"0833", "Accede to demands for rights", 5.0},
    CameoCode{"0834", "Accede to demands for change in institutions, regime",
              5.0},
    CameoCode{"084", "Return, release", 7.0},
    CameoCode{"0841", "Return, release person(s)", 7.0},
    CameoCode{"0842", "Return, release property", 7.0},
    CameoCode{"085", "Ease economic sanctions, boycott, embargo", 7.0},
    CameoCode{"086", "Allow international involvement", 9.0},
    CameoCode{"0861", "Receive deployment of peacekeepers", 9.0},
    CameoCode{"0862", "Receive inspectors", 9.0},
    CameoCode{"0863", "Allow humanitarian access", 9.0},
    CameoCode{"087", "De-escalate military engagement", 9.0},
    CameoCode{"0871", "Declare truce, ceasefire", 9.0},
    CameoCode{"0872", "Ease military blockade", 9.0},
    CameoCode{"0873", "Demobilize armed forces", 9.0},
    CameoCode{"0874", "Retreat or surrender militarily", 10.0},
    // 09 Investigate (verbal conflict)
    CameoCode{"09", "Investigate", -2.0},
    CameoCode{"090", "Investigate", -2.0},
    CameoCode{"091", "Investigate crime, corruption", -2.0},
    CameoCode{"092", "Investigate human rights abuses", -2.0},
    CameoCode{"093", "Investigate military action", -2.0},
    CameoCode{"094", "Investigate war crimes", -2.0},
    // 10 Demand
    CameoCode{"10", "Demand", -5.0},
    CameoCode{"100", "Demand", -5.0},
    CameoCode{"101", "Demand material cooperation", -5.0},
    CameoCode{"1011", "Demand economic cooperation", -5.0},
    CameoCode{"1012", "Demand military cooperation", -5.0},
    CameoCode{"1013", "Demand judicial cooperation", -5.0},
    CameoCode{"1014", "Demand intelligence cooperation", -5.0},
    CameoCode{"102", "Demand diplomatic cooperation (such as policy support)",
              -5.0},
    CameoCode{"103", "Demand material aid", -5.0},
    CameoCode{"1031", "Demand economic aid", -5.0},
    CameoCode{"1032", "Demand military aid", -5.0},
    CameoCode{"1033", "Demand humanitarian aid", -5.0},
    CameoCode{"1034", "Demand military protection or peacekeeping", -5.0},
    CameoCode{"104", "Demand political reform", -5.0},
    CameoCode{"1041", "Demand change in leadership", -5.0},
    CameoCode{"1042", "Demand policy change", -5.0},
    CameoCode{"1043", "Demand rights", -5.0},
    CameoCode{"1044", "Demand change in institutions, regime", -5.0},
    CameoCode{"105", "Demand that target yields", -5.0},
    CameoCode{"1051", "Demand easing of administrative sanctions", -5.0},
    CameoCode{"1052", "Demand easing of political dissent", -5.0},
    CameoCode{"1053", "Demand release of persons or property", -5.0},
    CameoCode{"1054",
              "Demand easing of economic sanctions, boycott, or embargo", -5.0},
    CameoCode{"1055",
              "Demand that target allows international involvement "
              "(non-mediation)",
              -5.0},
    CameoCode{"1056", "Demand de-escalation of military engagement", -5.0},
    CameoCode{"106", "Demand meeting, negotiation", -5.0},
    CameoCode{"107", "Demand settling of dispute", -5.0},
    CameoCode{"108", "Demand mediation", -5.0},
    // 11 Disapprove
    CameoCode{"11", "Disapprove", -2.0},
    CameoCode{"110", "Disapprove", -2.0},
    CameoCode{"111", "Criticize or denounce", -2.0},
    CameoCode{"112", "Accuse", -2.0},
    CameoCode{"1121", "Accuse of crime, corruption", -2.0},
    CameoCode{"1122", "Accuse of human rights abuses", -2.0},
    CameoCode{"1123", "Accuse of aggression", -2.0},
    CameoCode{"1124", "Accuse of war crimes", -2.0},
    CameoCode{"1125", "Accuse of espionage, treason", -2.0},
    CameoCode{"113", "Rally opposition against", -2.0},
    CameoCode{"114", "Complain officially", -2.0},
    CameoCode{"115", "Bring lawsuit against", -2.0},
    CameoCode{"116", "Find guilty or liable (legally)", -2.0},
    // 12 Reject
    CameoCode{"12", "Reject", -4.0},
    CameoCode{"120", "Reject", -4.0},
    CameoCode{"121", "Reject material cooperation", -4.0},
    CameoCode{"1211", "Reject economic cooperation", -4.0},
    CameoCode{"1212", "Reject military cooperation", -4.0},
    CameoCode{"1213", "Reject judicial cooperation", -4.0},
    CameoCode{"122", "Reject request or demand for material aid", -4.0},
    CameoCode{"1221", "Reject request for economic aid", -4.0},
    CameoCode{"1222", "Reject request for military aid", -4.0},
    CameoCode{"1223", "Reject request for humanitarian aid", -4.0},
    CameoCode{"1224", "Reject request for military protection or peacekeeping",
              -4.0},
    CameoCode{"123", "Reject request or demand for political reform", -4.0},
    CameoCode{"1231", "Reject request for change in leadership", -4.0},
    CameoCode{"1232", "Reject request for policy change", -4.0},
    CameoCode{"1233", "Reject request for rights", -4.0},
    CameoCode{"1234", "Reject request for change in institutions, regime",
              -4.0},
    CameoCode{"124", "Refuse to yield", -4.0},
    CameoCode{"1241", "Refuse to ease administrative sanctions", -4.0},
    CameoCode{"1242", "Refuse to ease popular dissent", -4.0},
    CameoCode{"1243", "Refuse to release persons or property", -4.0},
    CameoCode{"1244", "Refuse to ease economic sanctions, boycott, or embargo",
              -4.0},
    CameoCode{"1245",
              "Refuse to allow international involvement (non mediation)",
              -4.0},
    CameoCode{"1246", "Refuse to de-escalate military engagement", -4.0},
    CameoCode{"125", "Reject proposal to meet, discuss, or negotiate", -5.0},
    CameoCode{"126", "Reject mediation", -5.0},
    CameoCode{"127", "Reject plan, agreement to settle dispute", -5.0},
    CameoCode{"128", "Defy norms, law", -5.0},
    CameoCode{"129", "Veto", -5.0},
    // 13 Threaten
    CameoCode{"13", "Threaten", -6.0},
    CameoCode{"130", "Threaten", -4.4},
    CameoCode{"131", "Threaten non-force", -5.8},
    CameoCode{"1311", "Threaten to reduce or stop aid", -5.8},
    CameoCode{"1312", "Threaten with sanctions, boycott, embargo", -5.8},
    CameoCode{"1313", "Threaten to reduce or break relations", -5.8},
    CameoCode{"132", "Threaten with administrative sanctions", -5.8},
    CameoCode{"1321", "Threaten with restrictions on political freedoms", -5.8},
    CameoCode{"1322", "Threaten to ban political parties or politicians", -5.8},
    CameoCode{"1323", "Threaten to impose curfew", -5.8},
    CameoCode{"1324", "Threaten to impose state of emergency or martial law",
              -5.8},
    CameoCode{"133", "Threaten with political dissent, protest", -5.8},
    CameoCode{"134", "Threaten to halt negotiations", -5.8},
    CameoCode{"135", "Threaten to halt mediation", -5.8},
    CameoCode{"136",
              "Threaten to halt international involvement (non-mediation)",
              -7.0},
    CameoCode{"137", "Threaten with repression", -7.0},
    CameoCode{"138", "Threaten with military force", -7.0},
    CameoCode{"1381", "Threaten blockade", -7.0},
    CameoCode{"1382", "Threaten occupation", -7.0},
    CameoCode{"1383", "Threaten unconventional violence", -7.0},
    CameoCode{"1384", "Threaten conventional attack", -7.0},
    CameoCode{"1385", "Threaten attack with WMD", -7.0},
    CameoCode{"139", "Give ultimatum", -7.0},
    // 14 Protest (material conflict)
    CameoCode{"14", "Protest", -6.5},
    CameoCode{"140", "Engage in political dissent", -6.5},
    CameoCode{"141", "Demonstrate or rally", -6.5},
    CameoCode{"1411", "Demonstrate for leadership change", -6.5},
    CameoCode{"1412", "Demonstrate for policy change", -6.5},
    CameoCode{"1413", "Demonstrate for rights", -6.5},
    CameoCode{"1414", "Demonstrate for change in institutions, regime", -6.5},
    CameoCode{"142", "Conduct hunger strike", -6.5},
    CameoCode{"1421", "Conduct hunger strike for leadership change", -6.5},
    CameoCode{"1422", "Conduct hunger strike for policy change", -6.5},
    CameoCode{"1423", "Conduct hunger strike for rights", -6.5},
    CameoCode{"1424",
              "Conduct hunger strike for change in institutions, regime", -6.5},
    CameoCode{"143", "Conduct strike or boycott", -6.5},
    CameoCode{"1431", "Conduct strike or boycott for leadership change", -6.5},
    CameoCode{"1432", "Conduct strike or boycott for policy change", -6.5},
    CameoCode{"1433", "Conduct strike or boycott for rights", -6.5},
    CameoCode{"1434",
              "Conduct strike or boycott for change in institutions, regime",
              -6.5},
    CameoCode{"144", "Obstruct passage, block", -7.5},
    CameoCode{"1441", "Obstruct passage to demand leadership change", -7.5},
    CameoCode{"1442", "Obstruct passage to demand policy change", -7.5},
    CameoCode{"1443", "Obstruct passage to demand rights", -7.5},
    CameoCode{"1444",
              "Obstruct passage to demand change in institutions, regime",
              -7.5},
    CameoCode{"145", "Protest violently, riot", -7.5},
    CameoCode{"1451", "Engage in violent protest for leadership change", -7.5},
    CameoCode{"1452", "Engage in violent protest for policy change", -7.5},
    CameoCode{"1453", "Engage in violent protest for rights", -7.5},
    CameoCode{"1454",
              "Engage in violent protest for change in institutions, regime",
              -7.5},
    // 15 Exhibit force posture
    CameoCode{"15", "Exhibit force posture", -7.2},
    CameoCode{"150", "Demonstrate military or police power", -7.2},
    CameoCode{"151", "Increase police alert status", -7.2},
    CameoCode{"152", "Increase military alert status", -7.2},
    CameoCode{"153", "Mobilize or increase police power", -7.2},
    CameoCode{"154", "Mobilize or increase armed forces", -7.2},
    // 16 Reduce relations
    CameoCode{"16", "Reduce relations", -4.0},
    CameoCode{"160", "Reduce relations", -4.0},
    CameoCode{"161", "Reduce or break diplomatic relations", -4.0},
    CameoCode{"162", "Reduce or stop material aid", -5.6},
    CameoCode{"1621", "Reduce or stop economic assistance", -5.6},
    CameoCode{"1622", "Reduce or stop military assistance", -5.6},
    CameoCode{"1623", "Reduce or stop humanitarian assistance", -5.6},
    CameoCode{"163", "Impose embargo, boycott, or sanctions", -8.0},
    CameoCode{"164", "Halt negotiations", -7.0},
    CameoCode{"165", "Halt mediation", -6.5},
    CameoCode{"166", "Expel or withdraw", -7.0},
    CameoCode{"1661", "Expel or withdraw peacekeepers", -7.0},
    CameoCode{"1662", "Expel or withdraw inspectors, observers", -7.0},
    CameoCode{"1663", "Expel or withdraw aid agencies", -7.0},
    // 17 Coerce
    CameoCode{"17", "Coerce", -7.0},
    CameoCode{"170", "Coerce", -7.0},
    CameoCode{"171", "Seize or damage property", -9.2},
    CameoCode{"1711", "Confiscate property", -9.2},
    CameoCode{"1712", "Destroy property", -9.2},
    CameoCode{"172", "Impose administrative sanctions", -5.0},
    CameoCode{"1721", "Impose restrictions on political freedoms", -5.0},
    CameoCode{"1722", "Ban political parties or politicians", -5.0},
    CameoCode{"1723", "Impose curfew", -5.0},
    CameoCode{"1724", "Impose state of emergency or martial law", -5.0},
    CameoCode{"173", "Arrest, detain, or charge with legal action", -5.0},
    CameoCode{"174", "Expel or deport individuals", -5.0},
    CameoCode{"175", "Use tactics of violent repression", -9.0},
    // 18 Assault
    CameoCode{"18", "Assault", -9.0},
    CameoCode{"180", "Use unconventional violence", -9.0},
    CameoCode{"181", "Abduct, hijack, or take hostage", -9.0},
    CameoCode{"182", "Physically assault", -9.5},
    CameoCode{"1821", "Sexually assault", -9.0},
    CameoCode{"1822", "Torture", -9.0},
    CameoCode{"1823", "Kill by physical assault", -10.0},
    CameoCode{"183", "Conduct suicide, car, or other non-military bombing",
              -10.0},
    CameoCode{"1831", "Carry out suicide bombing", -10.0},
    CameoCode{"1832", "Carry out car bombing", -10.0},
    CameoCode{"1833", "Carry out roadside bombing", -10.0},
    CameoCode{"184", "Use as human shield", -8.0},
    CameoCode{"185", "Attempt to assassinate", -8.0},
    CameoCode{"186", "Assassinate", -10.0},
    // 19 Fight
    CameoCode{"19", "Fight", -10.0},
    CameoCode{"190", "Use conventional military force", -10.0},
    CameoCode{"191", "Impose blockade, restrict movement", -9.5},
    CameoCode{"192", "Occupy territory", -9.5},
    CameoCode{"193", "Fight with small arms and light weapons", -10.0},
    CameoCode{"194", "Fight with artillery and tanks", -10.0},
    CameoCode{"195", "Employ aerial weapons", -10.0},
    CameoCode{"196", "Violate ceasefire", -9.5},
    // 20 Use unconventional mass violence
    CameoCode{"20", "Use unconventional mass violence", -10.0},
    CameoCode{"200", "Use unconventional mass violence", -10.0},
    CameoCode{"201", "Engage in mass expulsion", -9.5},
    CameoCode{"202", "Engage in mass killings", -10.0},
    CameoCode{"203", "Engage in ethnic cleansing", -10.0},
    CameoCode{"204", "Use weapons of mass destruction", -10.0},
    CameoCode{"2041", "Use chemical, biological, or radiological weapons",
              -10.0},
    CameoCode{"2042", "Detonate nuclear weapons", -10.0},
};

bool CodeLess(const CameoCode& a, std::string_view b) { return a.code < b; }

}  // namespace

bool IsWellFormedCameoCode(std::string_view code) {
  if (code.size() < 2 || code.size() > 4) return false;
  for (char c : code) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::span<const CameoCode> AllCameoCodes() { return kCodes; }

const CameoCode* FindCameoCode(std::string_view code) {
  auto it =
      std::lower_bound(std::begin(kCodes), std::end(kCodes), code, CodeLess);
  if (it == std::end(kCodes) || it->code != code) return nullptr;
  return &*it;
}

std::span<const CameoCode> CameoCodesWithPrefix(std::string_view prefix) {
  // In text order, the codes that start with `prefix` form one run that
  // begins at the first code not less than `prefix`.
  auto first =
      std::lower_bound(std::begin(kCodes), std::end(kCodes), prefix, CodeLess);
  auto last = first;
  while (last != std::end(kCodes) && last->code.starts_with(prefix)) ++last;
  return std::span<const CameoCode>(first, last);
}

std::string_view CameoRootOf(std::string_view code) {
  return code.size() < 2 ? std::string_view() : code.substr(0, 2);
}

int CameoQuadClass(std::string_view code) {
  if (code.size() < 2 || code[0] < '0' || code[0] > '9' || code[1] < '0' ||
      code[1] > '9') {
    return 0;
  }
  const int root = (code[0] - '0') * 10 + (code[1] - '0');
  if (root >= 1 && root <= 5) return 1;
  if (root >= 6 && root <= 8) return 2;
  if (root >= 9 && root <= 13) return 3;
  if (root >= 14 && root <= 20) return 4;
  return 0;
}

CameoLevel LevelOf(const CameoCode& code) {
  return static_cast<CameoLevel>(code.code.size());
}

bool IsLeaf(const CameoCode& code) {
  const CameoCode* next = &code + 1;
  return next == std::end(kCodes) || !next->code.starts_with(code.code);
}

std::string CameoActionText(std::string_view code) {
  if (const CameoCode* known = FindCameoCode(code)) {
    return std::string(known->name);
  }
  std::string text = "CAMEO ";
  text.append(code);
  return text;
}

}  // namespace eventgraph::reference
