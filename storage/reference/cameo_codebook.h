// The CAMEO event codebook, built in: every event code of CAMEO 1.1b3
// (Schrodt, "CAMEO Conflict and Mediation Event Observations Event and
// Actor Codebook", 2012), roots 01..20 and their sub-codes, with its name,
// root, quad class and default Goldstein score.
//
// Why here: the server fills in events from it on the write path (storage/)
// and the CLI names codes with it (client/), so it sits at the bottom of the
// layers, next to storage, but as its own target `eventgraph_cameo` that
// needs nothing: no RocksDB, no protobuf, no absl. Both sides link it without
// pulling in the other's dependencies.
//
// Codes are text of 2 to 4 digits: "010" is not "10". The first two digits
// are the root ("04" consult, "19" fight), the first three the base code
// ("043" host a visit); a fourth digit makes a sub-code ("0431" does not
// exist, "1823" kill by physical assault does).
//
// Thread safety: everything here is immutable static data and pure
// functions; safe from any thread.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace eventgraph::reference {

// One code of the codebook. Pointers into the table stay valid for the life
// of the program.
struct CameoCode {
  std::string_view code;  // 2 to 4 digits
  std::string_view name;  // as the manual writes it, e.g. "Make a visit"
  double goldstein;       // default Goldstein score, -10..+10
};

// How specific a code is, by its number of digits.
enum class CameoLevel {
  kRoot = 2,    // "04"
  kBase = 3,    // "043"
  kDetail = 4,  // "0431"
};

// True when `code` is written like a CAMEO code, root or code prefix: 2 to
// 4 ASCII digits (no white space). Codes the codebook lacks may pass.
bool IsWellFormedCameoCode(std::string_view code);

// Every code, sorted by its text, so that a code's sub-codes follow it
// directly ("04", "040", "041", ... "046", "05", ...).
std::span<const CameoCode> AllCameoCodes();

// The code spelled exactly `code` (no trimming), or nullptr when the
// codebook has none.
const CameoCode* FindCameoCode(std::string_view code);

// The codes whose text starts with `prefix`, in table order: "04" gives the
// root 04 and its sub-codes, "" every code. Empty when none match.
std::span<const CameoCode> CameoCodesWithPrefix(std::string_view prefix);

// The root (first two characters) of `code`; "" when it has fewer than two.
std::string_view CameoRootOf(std::string_view code);

// The quad class of any code with a root 01..20 (whether or not the code
// itself is in the codebook): 01-05 verbal cooperation (1), 06-08 material
// cooperation (2), 09-13 verbal conflict (3), 14-20 material conflict (4).
// 0 when `code` does not start with two digits forming a root 01..20.
int CameoQuadClass(std::string_view code);

// The level of a code of the codebook.
CameoLevel LevelOf(const CameoCode& code);

// True when no code of the codebook is more specific than `code` (e.g.
// "042", "1823"; not "04" nor "182").
// REQUIRES: `code` is an element of AllCameoCodes() (not a copy).
bool IsLeaf(const CameoCode& code);

// The action text of an event whose source gives only a code: the code's
// name when the codebook has it, otherwise "CAMEO " + `code` (an unknown
// code is data and is kept; the text at least names it).
// REQUIRES: `code` is not empty.
std::string CameoActionText(std::string_view code);

}  // namespace eventgraph::reference
