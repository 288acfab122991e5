// The country table, the ICEWS name pattern, affiliation precedence and the
// actor profile record format.
#include "storage/reference/countries.h"

#include <set>
#include <string>

#include "absl/strings/ascii.h"
#include "gtest/gtest.h"
#include "storage/affiliation.h"

namespace eventgraph {
namespace {

using reference::Country;

std::string Iso3(const Country* c) {
  return c == nullptr ? "(none)" : std::string(c->iso3);
}

TEST(CountriesTest, CodesNamesAndAliasesFindTheirCountry) {
  EXPECT_EQ(Iso3(reference::FindCountryByCode("RUS")), "RUS");
  EXPECT_EQ(Iso3(reference::FindCountryByCode(" prk ")), "PRK");
  EXPECT_EQ(reference::FindCountryByCode("PRK")->name, "North Korea");
  EXPECT_EQ(Iso3(reference::FindCountryByCode("Russia")), "(none)");
  for (const char* name :
       {"North Korea", "NORTH KOREA", "Democratic People's Republic of Korea",
        "DPRK", "dprk", "Korea, North"}) {
    EXPECT_EQ(Iso3(reference::FindCountryByName(name)), "PRK") << name;
  }
  EXPECT_EQ(Iso3(reference::FindCountryByName("Russian Federation")), "RUS");
  EXPECT_EQ(Iso3(reference::FindCountryByName("South Korea")), "KOR");
  EXPECT_EQ(Iso3(reference::FindCountryByName("Atlantis")), "(none)");
  // FindCountry: code first, then names.
  EXPECT_EQ(Iso3(reference::FindCountry("GEO")), "GEO");
  EXPECT_EQ(Iso3(reference::FindCountry("Georgia")), "GEO");
  EXPECT_EQ(Iso3(reference::FindCountry("PRK")), "PRK");
}

TEST(CountriesTest, FipsCodesMapToIso3) {
  EXPECT_EQ(Iso3(reference::FindCountryByFips("RS")), "RUS");
  EXPECT_EQ(Iso3(reference::FindCountryByFips("KN")), "PRK");
  EXPECT_EQ(Iso3(reference::FindCountryByFips("KS")), "KOR");
  EXPECT_EQ(Iso3(reference::FindCountryByFips("GG")), "GEO");
  EXPECT_EQ(Iso3(reference::FindCountryByFips("UK")), "GBR");
  EXPECT_EQ(Iso3(reference::FindCountryByFips("GM")), "DEU");
  EXPECT_EQ(Iso3(reference::FindCountryByFips("WE")), "PSE");
  EXPECT_EQ(Iso3(reference::FindCountryByFips("GZ")), "PSE");
  EXPECT_EQ(Iso3(reference::FindCountryByFips("XX")), "(none)");
}

TEST(CountriesTest, TableIsOrderedAndUnambiguous) {
  std::string previous;
  std::set<std::string> fips;
  std::set<std::string> names;
  for (const Country& c : reference::AllCountries()) {
    EXPECT_EQ(c.iso3.size(), 3u) << c.iso3;
    EXPECT_LT(previous, std::string(c.iso3))
        << "table not ordered at " << c.iso3;
    previous = std::string(c.iso3);
    if (!c.fips.empty()) {
      EXPECT_EQ(c.fips.size(), 2u) << c.iso3;
      EXPECT_TRUE(fips.insert(std::string(c.fips)).second) << c.fips;
    }
    // Every name and alias leads back to its own country, once.
    reference::ForEachCountryName(c, [&](std::string_view n) {
      EXPECT_FALSE(n.empty()) << c.iso3;
      EXPECT_TRUE(names.insert(absl::AsciiStrToLower(std::string(n))).second)
          << "\"" << n << "\" names two countries";
      EXPECT_EQ(Iso3(reference::FindCountryByName(n)), c.iso3) << n;
    });
  }
  EXPECT_GT(reference::AllCountries().size(), 200u);
}

TEST(CountriesTest, TrailingParenthesizedGroup) {
  using reference::TrailingParenthesized;
  EXPECT_EQ(TrailingParenthesized("Foreign Affairs (Russia)").value_or("-"),
            "Russia");
  EXPECT_EQ(TrailingParenthesized("Army (Rebel) (Congo) ").value_or("-"),
            "Congo");
  EXPECT_EQ(TrailingParenthesized("Party (of the (Left))").value_or("-"),
            "of the (Left)");
  EXPECT_EQ(TrailingParenthesized("Police ( Iraq )").value_or("-"), "Iraq");
  EXPECT_FALSE(TrailingParenthesized("(Russia)"));
  EXPECT_FALSE(TrailingParenthesized("Russia"));
  EXPECT_FALSE(TrailingParenthesized("Empty ()"));
  EXPECT_FALSE(TrailingParenthesized("Unbalanced Russia)"));
  EXPECT_FALSE(TrailingParenthesized(""));
}

TEST(CountriesTest, CountryOfActorName) {
  using reference::CountryOfActorName;
  EXPECT_EQ(Iso3(CountryOfActorName("Foreign Affairs (Russia)")), "RUS");
  EXPECT_EQ(Iso3(CountryOfActorName("Government (North Korea)")), "PRK");
  EXPECT_EQ(Iso3(CountryOfActorName("North Korea")), "PRK");
  EXPECT_EQ(Iso3(CountryOfActorName("Russian Federation")), "RUS");
  EXPECT_EQ(Iso3(CountryOfActorName("Kim Jong-Un")), "(none)");
  EXPECT_EQ(Iso3(CountryOfActorName("Citizen (Atlantis)")), "(none)");
  // A code alone is not an actor name.
  EXPECT_EQ(Iso3(CountryOfActorName("RUS")), "(none)");
}

TEST(AffiliationTest, PrecedenceDeclaredDataPatternName) {
  using storage::ActorProfile;
  using storage::CountrySource;
  storage::Affiliation a = storage::ResolveAffiliation("Kim Jong-Un", nullptr);
  EXPECT_EQ(a.country, "");
  EXPECT_EQ(a.source, CountrySource::kNone);

  a = storage::ResolveAffiliation("North Korea", nullptr);
  EXPECT_EQ(a.country, "PRK");
  EXPECT_EQ(a.source, CountrySource::kCountryName);

  a = storage::ResolveAffiliation("Military (Russia)", nullptr);
  EXPECT_EQ(a.country, "RUS");
  EXPECT_EQ(a.source, CountrySource::kNamePattern);

  ActorProfile profile;
  profile.data_country = "UKR";
  a = storage::ResolveAffiliation("Military (Russia)", &profile);
  EXPECT_EQ(a.country, "UKR");
  EXPECT_EQ(a.source, CountrySource::kData);

  profile.declared_country = "GEO";
  a = storage::ResolveAffiliation("Military (Russia)", &profile);
  EXPECT_EQ(a.country, "GEO");
  EXPECT_EQ(a.source, CountrySource::kDeclared);
}

TEST(AffiliationTest, DataCountryFromAttributes) {
  storage::Event e;
  e.attributes = {{"actor1_country_code", "RUS"},
                  {"actor2_country_code", "prk"}};
  EXPECT_EQ(storage::DataCountry(e, true), "RUS");
  EXPECT_EQ(storage::DataCountry(e, false), "PRK");
  e.attributes = {{"source_country", "Russian Federation"},
                  {"target_country", "Atlantis"}};
  EXPECT_EQ(storage::DataCountry(e, true), "RUS");
  EXPECT_EQ(storage::DataCountry(e, false), "");
  e.attributes = {{"actor1_country_code", "ZZZ"}};
  EXPECT_EQ(storage::DataCountry(e, true), "");
}

TEST(AffiliationTest, KindNames) {
  EXPECT_EQ(storage::ParseActorKind("State"), storage::ActorKind::kState);
  EXPECT_EQ(storage::ParseActorKind("organisation"),
            storage::ActorKind::kOrganization);
  EXPECT_EQ(storage::ParseActorKind(""), storage::ActorKind::kUnspecified);
  EXPECT_FALSE(storage::ParseActorKind("planet"));
  EXPECT_EQ(storage::ActorKindName(storage::ActorKind::kPerson), "person");
  // Frozen values (on disk).
  EXPECT_EQ(static_cast<int>(storage::ActorKind::kState), 1);
  EXPECT_EQ(static_cast<int>(storage::ActorKind::kOther), 8);
}

TEST(AffiliationTest, ProfileRecordRoundTripAndCorruption) {
  storage::ActorProfile p;
  p.kind = storage::ActorKind::kGovernment;
  p.declared_country = "PRK";
  p.data_country = "KOR";
  p.aliases = {"DPRK government", "Pyongyang"};
  const std::string v = storage::EncodeActorProfile(p);
  storage::ActorProfile q;
  ASSERT_TRUE(storage::DecodeActorProfile(v, &q).ok());
  EXPECT_EQ(q.kind, p.kind);
  EXPECT_EQ(q.declared_country, "PRK");
  EXPECT_EQ(q.data_country, "KOR");
  EXPECT_EQ(q.aliases, p.aliases);
  for (size_t cut = 0; cut < v.size(); ++cut) {
    EXPECT_EQ(storage::DecodeActorProfile(v.substr(0, cut), &q).code(),
              absl::StatusCode::kDataLoss)
        << cut;
  }
  std::string bad_kind = v;
  bad_kind[1] = 99;
  EXPECT_EQ(storage::DecodeActorProfile(bad_kind, &q).code(),
            absl::StatusCode::kDataLoss);
  EXPECT_EQ(storage::DecodeActorProfile(v + "x", &q).code(),
            absl::StatusCode::kDataLoss);
}

}  // namespace
}  // namespace eventgraph
