#include "server/auth_tokens.h"

#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace eventgraph::server {
namespace {

std::optional<Role> ParseRole(absl::string_view text) {
  if (text == "reader") return Role::kReader;
  if (text == "writer") return Role::kWriter;
  if (text == "admin") return Role::kAdmin;
  return std::nullopt;
}

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

// The words of a line split at runs of blanks.
std::vector<absl::string_view> Words(absl::string_view line) {
  std::vector<absl::string_view> words;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && IsBlank(line[i])) ++i;
    const size_t start = i;
    while (i < line.size() && !IsBlank(line[i])) ++i;
    if (i > start) words.push_back(line.substr(start, i - start));
  }
  return words;
}

// Printable ASCII without blanks: what an HTTP/2 header value may carry
// after "Bearer ".
bool IsTokenCharacter(char c) { return c > 0x20 && c < 0x7f; }

absl::Status LineError(int line, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("line ", line, ": ", what));
}

}  // namespace

absl::StatusOr<TokenSet> TokenSet::Parse(absl::string_view text) {
  TokenSet set;
  std::vector<int> lines;  // line of each entry, for duplicate messages
  int number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++number;
    const std::vector<absl::string_view> words = Words(line);
    if (words.empty() || words[0][0] == '#') continue;
    if (words.size() != 2) {
      return LineError(number, absl::StrCat("expected `ROLE TOKEN`, found ",
                                            words.size(), " words"));
    }
    const std::optional<Role> role = ParseRole(words[0]);
    if (!role.has_value()) {
      return LineError(number,
                       absl::StrCat("unknown role \"",
                                    absl::CHexEscape(words[0].substr(0, 32)),
                                    "\" (reader, writer or admin)"));
    }
    const absl::string_view token = words[1];
    if (token.size() < kMinTokenLength || token.size() > kMaxTokenLength) {
      return LineError(
          number,
          absl::StrCat("the token has ", token.size(), " characters; use ",
                       kMinTokenLength, " to ", kMaxTokenLength,
                       " (e.g. `openssl rand -hex 32`)"));
    }
    for (char c : token) {
      if (!IsTokenCharacter(c)) {
        return LineError(number,
                         "the token must be printable ASCII without blanks");
      }
    }
    if (std::optional<Match> seen = set.Find(token); seen.has_value()) {
      return LineError(number,
                       absl::StrCat("the token of line ", lines[seen->index],
                                    " appears again"));
    }
    Entry entry{*role, token.size(), {}};
    std::copy(token.begin(), token.end(), entry.bytes.begin());
    set.entries_.push_back(entry);
    lines.push_back(number);
  }
  if (set.entries_.empty()) {
    return absl::InvalidArgumentError(
        "no tokens: the file needs at least one `ROLE TOKEN` line");
  }
  return set;
}

absl::StatusOr<TokenSet> TokenSet::Load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError(absl::StrCat("cannot read ", path));
  }
  std::ostringstream text;
  text << in.rdbuf();
  absl::StatusOr<TokenSet> set = Parse(text.str());
  if (!set.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": ", set.status().message()));
  }
  return set;
}

std::optional<TokenSet::Match> TokenSet::Find(absl::string_view token) const {
  if (token.size() > kMaxTokenLength) return std::nullopt;
  std::array<unsigned char, kMaxTokenLength> presented{};
  std::copy(token.begin(), token.end(), presented.begin());
  int found = -1;
  for (size_t e = 0; e < entries_.size(); ++e) {
    const Entry& entry = entries_[e];
    // Every byte is compared; only the final test branches.
    unsigned diff = static_cast<unsigned>(entry.length ^ token.size());
    for (size_t i = 0; i < kMaxTokenLength; ++i) {
      diff |= static_cast<unsigned>(entry.bytes[i] ^ presented[i]);
    }
    // found = e when diff == 0, without a data-dependent branch.
    const unsigned equal =
        static_cast<unsigned>((diff | (0u - diff)) >> 31) ^ 1u;
    const int mask = -static_cast<int>(equal);
    found = (found & ~mask) | (static_cast<int>(e) & mask);
  }
  if (found < 0) return std::nullopt;
  return Match{entries_[found].role, found};
}

int TokenSet::Count(Role role) const {
  int count = 0;
  for (const Entry& entry : entries_) count += entry.role == role ? 1 : 0;
  return count;
}

}  // namespace eventgraph::server
