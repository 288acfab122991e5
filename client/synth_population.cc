#include "client/synth_population.h"

#include <algorithm>
#include <array>

#include "absl/strings/str_cat.h"
#include "client/absl_compat.h"

namespace eventgraph::client {
namespace {

// Scores are integers scaled by 2^20 so that dividing a person's score by
// their rank within the country keeps enough precision.
constexpr int kScoreShift = 20;
constexpr uint64_t kStateWeight = 1000;
constexpr uint64_t kSectorScale = 4;
constexpr uint64_t kPersonWeight = 600;
// Zipf weight of rank r: kZipfScale / (r + 2).
constexpr uint64_t kZipfScale = uint64_t{1} << 40;
// People ranked below this within their country are leaders (GOV).
constexpr uint32_t kLeaders = 2;

constexpr std::array<std::string_view, 32> kGivenNames = {
    "ALEXANDER", "MARIA", "DAVID", "ELENA",  "OMAR",   "LI",     "SARA",
    "IVAN",      "AHMED", "ANNA",  "JOHN",   "FATIMA", "PAUL",   "MEI",
    "KARIM",     "NINA",  "PETER", "LEILA",  "HASSAN", "YUKI",   "CARLOS",
    "SOFIA",     "ALI",   "EVA",   "MIGUEL", "AMIRA",  "VIKTOR", "ROSA",
    "SAMUEL",    "IRINA", "TOMAS", "HANA"};
constexpr std::string_view kConsonants = "BDGKLMNRSTVZ";
constexpr std::string_view kVowels = "AEIOU";

// A surname of two-letter syllables spelling `index` in base 60 (at least
// two syllables). Every syllable has the same length, so different indexes
// give different surnames.
std::string Surname(uint64_t index) {
  const uint64_t base = kConsonants.size() * kVowels.size();
  uint64_t value = index + base;
  std::string name;
  while (value > 0) {
    const uint64_t syllable = value % base;
    name.push_back(kConsonants[syllable / kVowels.size()]);
    name.push_back(kVowels[syllable % kVowels.size()]);
    value /= base;
  }
  return name;
}

std::string PersonName(uint32_t person, uint64_t seed) {
  const std::string_view given =
      kGivenNames[Mix64(seed, person) % kGivenNames.size()];
  return absl::StrCat(ToAbsl(given), " ", Surname(person));
}

// The ten actor columns, tab-separated.
void AppendColumns(const std::array<std::string_view, 10>& columns,
                   std::string* out) {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (i > 0) out->push_back('\t');
    out->append(columns[i]);
  }
}

// The nth field (0-based) of a tab-separated block.
std::string_view Field(std::string_view block, int n) {
  size_t start = 0;
  for (int i = 0; i < n; ++i) start = block.find('\t', start) + 1;
  const size_t end = block.find('\t', start);
  return block.substr(start, end == std::string_view::npos
                                 ? std::string_view::npos
                                 : end - start);
}

}  // namespace

struct SynthPopulation::Candidate {
  enum class Kind : uint8_t { kState, kSector, kOrganization, kPerson };
  uint64_t score;
  uint32_t order;  // creation order: breaks ties
  Kind kind;
  uint32_t country;  // index into countries_ (an organization's seat)
  uint32_t item;     // sector or organization index, or person number
  uint32_t sector;   // a person's role
};

SynthPopulation::SynthPopulation(uint32_t actor_count, uint32_t country_count,
                                 uint64_t seed) {
  const absl::Span<const SynthCountry> all = SynthCountries();
  const absl::Span<const SynthSector> sectors = SynthSectors();
  uint64_t total_prominence = 0;
  for (uint32_t c = 0; c < country_count; ++c) {
    countries_.push_back(&all[c]);
    total_prominence += all[c].prominence;
  }

  // Candidates: every state, sector and organization, and enough people per
  // country that the top actor_count by score are among them.
  std::vector<Candidate> candidates;
  using Kind = Candidate::Kind;
  auto add = [&](uint64_t score, Kind kind, uint32_t country, uint32_t item,
                 uint32_t sector) {
    candidates.push_back({score, static_cast<uint32_t>(candidates.size()), kind,
                          country, item, sector});
  };
  std::vector<uint64_t> sector_weights;
  for (const SynthSector& sector : sectors) {
    sector_weights.push_back(sector.weight);
  }
  const WeightedTable roles(sector_weights);
  uint32_t person = 0;
  for (uint32_t c = 0; c < country_count; ++c) {
    const uint64_t prominence = countries_[c]->prominence;
    add((prominence * kStateWeight) << kScoreShift, Kind::kState, c, 0, 0);
    for (uint32_t s = 0; s < sectors.size(); ++s) {
      if (sectors[s].religious && countries_[c]->religion.empty()) continue;
      add((prominence * sectors[s].weight * kSectorScale) << kScoreShift,
          Kind::kSector, c, s, 0);
    }
    const uint64_t people = (prominence * (actor_count + 2ULL * country_count) +
                             total_prominence - 1) /
                                total_prominence +
                            1;
    for (uint64_t k = 0; k < people; ++k, ++person) {
      uint32_t role = 0;  // leaders govern
      if (k >= kLeaders) {
        SynthRng rng(Mix64(seed ^ 0x5eed, person));
        role = static_cast<uint32_t>(roles.Sample(rng));
        if (sectors[role].religious && countries_[c]->religion.empty()) {
          role = 0;
        }
      }
      add(((prominence * kPersonWeight) << kScoreShift) / (k + 2),
          Kind::kPerson, c, person, role);
    }
  }
  const absl::Span<const SynthOrganization> organizations =
      SynthOrganizations();
  for (uint32_t o = 0; o < organizations.size(); ++o) {
    for (uint32_t c = 0; c < country_count; ++c) {
      if (countries_[c]->iso3 != organizations[o].home_iso3) continue;
      add((organizations[o].weight * kStateWeight) << kScoreShift,
          Kind::kOrganization, c, o, 0);
    }
  }

  // Every state, then the best of the rest; then all by score.
  auto better = [](const Candidate& a, const Candidate& b) {
    return a.score != b.score ? a.score > b.score : a.order < b.order;
  };
  std::stable_partition(
      candidates.begin(), candidates.end(),
      [](const Candidate& c) { return c.kind == Kind::kState; });
  const auto rest = candidates.begin() + country_count;
  const size_t keep = actor_count - country_count;
  std::partial_sort(rest, rest + static_cast<ptrdiff_t>(keep), candidates.end(),
                    better);
  candidates.resize(actor_count);
  std::sort(candidates.begin(), candidates.end(), better);

  offsets_.push_back(0);
  std::vector<uint64_t> weights;
  members_.resize(country_count);
  std::vector<std::vector<uint64_t>> member_weights(country_count);
  for (uint32_t rank = 0; rank < candidates.size(); ++rank) {
    Add(candidates[rank], seed);
    const uint64_t weight = kZipfScale / (rank + 2);
    weights.push_back(weight);
    if (HasCountry(rank)) {
      members_[home_[rank]].push_back(rank);
      member_weights[home_[rank]].push_back(weight);
    }
  }
  activity_ = WeightedTable(weights);
  for (uint32_t c = 0; c < country_count; ++c) {
    domestic_.emplace_back(member_weights[c]);
  }
}

void SynthPopulation::Add(const Candidate& candidate, uint64_t seed) {
  const SynthCountry& country = *countries_[candidate.country];
  const std::string_view iso3 = country.iso3;
  const absl::string_view iso = ToAbsl(iso3);
  using Kind = Candidate::Kind;
  switch (candidate.kind) {
    case Kind::kState:
      AppendColumns({iso3, country.name, iso3, "", "", "", "", "", "", ""},
                    &arena_);
      break;
    case Kind::kSector: {
      const SynthSector& sector = SynthSectors()[candidate.item];
      const std::string name =
          absl::StrCat(ToAbsl(country.adjective), " ", ToAbsl(sector.noun));
      if (sector.religious) {
        const std::string code = absl::StrCat(iso, ToAbsl(country.religion));
        AppendColumns(
            {code, name, iso3, "", "", country.religion, "", "", "", ""},
            &arena_);
      } else {
        const std::string code = absl::StrCat(iso, ToAbsl(sector.type_code));
        AppendColumns(
            {code, name, iso3, "", "", "", "", sector.type_code, "", ""},
            &arena_);
      }
      break;
    }
    case Kind::kPerson: {
      const SynthSector& sector = SynthSectors()[candidate.sector];
      const std::string name = PersonName(candidate.item, seed);
      const std::string_view religion =
          sector.religious ? country.religion : std::string_view();
      const std::string code = absl::StrCat(
          iso, ToAbsl(sector.religious ? religion : sector.type_code));
      AppendColumns(
          {code, name, iso3, "", "", religion, "", sector.type_code, "", ""},
          &arena_);
      break;
    }
    case Kind::kOrganization: {
      const SynthOrganization& organization =
          SynthOrganizations()[candidate.item];
      // "IGO" or "NGO", the first three letters of the code.
      AppendColumns(
          {organization.code, organization.name, "", organization.known_group,
           "", "", "", organization.code.substr(0, 3), "", ""},
          &arena_);
      break;
    }
  }
  offsets_.push_back(arena_.size());
  home_.push_back(candidate.country);
  national_.push_back(candidate.kind == Kind::kOrganization ? 0 : 1);
}

std::string_view SynthPopulation::Name(uint32_t a) const {
  return Field(Columns(a), 1);
}

std::string_view SynthPopulation::Code(uint32_t a) const {
  return Field(Columns(a), 0);
}

}  // namespace eventgraph::client
