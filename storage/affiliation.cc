#include "storage/affiliation.h"

#include "absl/strings/ascii.h"
#include "storage/coding.h"
#include "storage/reference/countries.h"
#include "storage/text.h"

namespace eventgraph::storage {
namespace {

constexpr uint8_t kProfileVersion = 1;

struct KindName {
  ActorKind kind;
  std::string_view name;
};
constexpr KindName kKindNames[] = {
    {ActorKind::kState, "state"},
    {ActorKind::kGovernment, "government"},
    {ActorKind::kPerson, "person"},
    {ActorKind::kOrganization, "organization"},
    {ActorKind::kMilitary, "military"},
    {ActorKind::kGroup, "group"},
    {ActorKind::kMedia, "media"},
    {ActorKind::kOther, "other"},
};

}  // namespace

std::string_view ActorKindName(ActorKind kind) {
  for (const KindName& k : kKindNames) {
    if (k.kind == kind) return k.name;
  }
  return "";
}

std::optional<ActorKind> ParseActorKind(std::string_view text) {
  std::string t(TrimAscii(text));
  absl::AsciiStrToLower(&t);
  if (t.empty() || t == "unspecified") return ActorKind::kUnspecified;
  if (t == "organisation") return ActorKind::kOrganization;
  for (const KindName& k : kKindNames) {
    if (k.name == t) return k.kind;
  }
  return std::nullopt;
}

std::string EncodeActorProfile(const ActorProfile& p) {
  std::string v;
  v.push_back(static_cast<char>(kProfileVersion));
  v.push_back(static_cast<char>(p.kind));
  PutLengthPrefixed(&v, p.declared_country);
  PutLengthPrefixed(&v, p.data_country);
  PutVarint64(&v, p.aliases.size());
  for (const std::string& a : p.aliases) PutLengthPrefixed(&v, a);
  return v;
}

absl::Status DecodeActorProfile(std::string_view in, ActorProfile* p) {
  auto corrupt = [] {
    return absl::DataLossError("corrupt actor profile record");
  };
  if (in.size() < 2 || static_cast<uint8_t>(in[0]) != kProfileVersion ||
      static_cast<uint8_t>(in[1]) > kMaxActorKind) {
    return corrupt();
  }
  p->kind = static_cast<ActorKind>(in[1]);
  in.remove_prefix(2);
  uint64_t n;
  if (!GetLengthPrefixed(&in, &p->declared_country) ||
      !GetLengthPrefixed(&in, &p->data_country) || !GetVarint64(&in, &n) ||
      n > in.size()) {
    return corrupt();
  }
  p->aliases.assign(n, std::string());
  for (std::string& a : p->aliases) {
    if (!GetLengthPrefixed(&in, &a)) return corrupt();
  }
  if (!in.empty()) return corrupt();
  return absl::OkStatus();
}

Affiliation ResolveAffiliation(std::string_view name,
                               const ActorProfile* profile) {
  if (profile != nullptr && !profile->declared_country.empty()) {
    return {profile->declared_country, CountrySource::kDeclared};
  }
  if (profile != nullptr && !profile->data_country.empty()) {
    return {profile->data_country, CountrySource::kData};
  }
  if (std::optional<std::string_view> inner =
          reference::TrailingParenthesized(name)) {
    if (const reference::Country* c = reference::FindCountryByName(*inner)) {
      return {std::string(c->iso3), CountrySource::kNamePattern};
    }
  }
  if (const reference::Country* c = reference::FindCountryByName(name)) {
    return {std::string(c->iso3), CountrySource::kCountryName};
  }
  return {};
}

std::string DataCountry(const Event& e, bool actor_side) {
  const std::string_view code_key =
      actor_side ? "actor1_country_code" : "actor2_country_code";
  const std::string_view name_key =
      actor_side ? "source_country" : "target_country";
  for (const auto& [key, value] : e.attributes) {
    const reference::Country* c = nullptr;
    if (key == code_key) c = reference::FindCountryByCode(value);
    if (key == name_key) c = reference::FindCountry(value);
    if (c != nullptr) return std::string(c->iso3);
  }
  return "";
}

}  // namespace eventgraph::storage
