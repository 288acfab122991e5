#include "storage/reference/countries.h"

#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "storage/reference/countries_table.h"

namespace eventgraph::reference {
namespace {

std::string_view Trim(std::string_view text) {
  while (!text.empty() && absl::ascii_isspace(text.front()))
    text.remove_prefix(1);
  while (!text.empty() && absl::ascii_isspace(text.back()))
    text.remove_suffix(1);
  return text;
}

std::string Key(std::string_view text) {
  std::string key(Trim(text));
  absl::AsciiStrToLower(&key);
  return key;
}

struct Indexes {
  absl::flat_hash_map<std::string, const Country*> by_code;
  absl::flat_hash_map<std::string, const Country*> by_fips;
  absl::flat_hash_map<std::string, const Country*> by_name;
};

const Indexes& GetIndexes() {
  static const Indexes* indexes = [] {
    auto* ix = new Indexes;
    for (size_t i = 0; i < kCountryTableSize; ++i) {
      const Country& c = kCountryTable[i];
      ix->by_code.emplace(Key(c.iso3), &c);
      if (!c.fips.empty()) ix->by_fips.emplace(Key(c.fips), &c);
      // The first country to claim a name keeps it.
      ForEachCountryName(
          c, [&](std::string_view n) { ix->by_name.emplace(Key(n), &c); });
    }
    for (size_t i = 0; i < kFipsExtrasSize; ++i) {
      auto it = ix->by_code.find(Key(kFipsExtras[i].iso3));
      if (it != ix->by_code.end()) {
        ix->by_fips.emplace(Key(kFipsExtras[i].fips), it->second);
      }
    }
    return ix;
  }();
  return *indexes;
}

const Country* Lookup(const absl::flat_hash_map<std::string, const Country*>& m,
                      std::string_view text) {
  auto it = m.find(Key(text));
  return it == m.end() ? nullptr : it->second;
}

}  // namespace

absl::Span<const Country> AllCountries() {
  return absl::MakeConstSpan(kCountryTable, kCountryTableSize);
}

const Country* FindCountryByCode(std::string_view iso3) {
  return Lookup(GetIndexes().by_code, iso3);
}

const Country* FindCountryByFips(std::string_view fips) {
  return Lookup(GetIndexes().by_fips, fips);
}

const Country* FindCountryByName(std::string_view name) {
  return Lookup(GetIndexes().by_name, name);
}

const Country* FindCountry(std::string_view code_or_name) {
  const Country* c = FindCountryByCode(code_or_name);
  return c != nullptr ? c : FindCountryByName(code_or_name);
}

std::optional<std::string_view> TrailingParenthesized(std::string_view name) {
  while (!name.empty() && absl::ascii_isspace(name.back()))
    name.remove_suffix(1);
  if (name.empty() || name.back() != ')') return std::nullopt;
  // The matching '(' of the final ')', so that "(Rebel) (Congo)" gives Congo
  // and "Party (of the People (X))" gives "of the People (X)".
  int depth = 0;
  for (size_t i = name.size(); i-- > 0;) {
    if (name[i] == ')') {
      ++depth;
    } else if (name[i] == '(' && --depth == 0) {
      if (i == 0) return std::nullopt;  // the whole name
      std::string_view inner = Trim(name.substr(i + 1, name.size() - i - 2));
      if (inner.empty()) return std::nullopt;
      return inner;
    }
  }
  return std::nullopt;
}

const Country* CountryOfActorName(std::string_view name) {
  if (const Country* c = FindCountryByName(name)) return c;
  std::optional<std::string_view> inner = TrailingParenthesized(name);
  if (!inner) return nullptr;
  return FindCountryByName(*inner);
}

}  // namespace eventgraph::reference
