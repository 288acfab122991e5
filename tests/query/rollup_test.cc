// Actor profiles in the store (aliases, affiliation precedence, PutActor
// validation, persistence) and country rollups of timelines and listings
// against brute force over a random event set.
#include "query/rollup.h"

#include <map>
#include <random>
#include <set>

#include "gtest/gtest.h"
#include "query/event_listing.h"
#include "query/graph_query.h"
#include "query/timeline.h"
#include "storage/event_store.h"
#include "tests/query/split_timelines.h"
#include "tests/testing/temp_dir.h"

namespace eventgraph::query {
namespace {

using storage::ActorKind;
using storage::CountrySource;
using storage::Day;
using storage::Event;

// Actors with their countries as the test reads them: explicit, not from
// the library under test.
const std::vector<std::pair<std::string, std::string>> kActors = {
    {"Russia", "RUS"},
    {"Foreign Affairs (Russia)", "RUS"},
    {"Military (Russia)", "RUS"},
    {"Russian Federation Police", ""},  // no pattern, not a country name
    {"North Korea", "PRK"},
    {"Government (North Korea)", "PRK"},
    {"Kim Jong-Un", ""},  // until PutActor
    {"China", "CHN"},
    {"Citizen (China)", "CHN"},
    {"United Nations", ""},
};

std::unique_ptr<storage::EventStore> OpenStore(const std::string& path,
                                               bool graph = true) {
  storage::StoreOptions options;
  options.path = path;
  options.graph_index = graph;
  auto store = storage::EventStore::Open(options);
  EXPECT_TRUE(store.ok()) << store.status();
  return store.ok() ? std::move(*store) : nullptr;
}

class RollupTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    store_ = OpenStore(dir_.path(), GetParam());
    ASSERT_NE(store_, nullptr);
    std::mt19937 rng(11);
    const Day lo = *storage::ParseDate("2018-01-01");
    std::vector<Event> batch;
    for (int i = 0; i < 2000; ++i) {
      Event e;
      e.actor = kActors[rng() % kActors.size()].first;
      e.target = kActors[rng() % kActors.size()].first;  // self-loops too
      e.action = "Consult";
      e.event_code = (rng() % 2) ? "040" : "190";
      e.quad_class = static_cast<storage::QuadClass>(rng() % 5);
      e.day = lo + static_cast<Day>(rng() % 400);
      e.source = std::to_string(i);
      batch.push_back(e);
    }
    auto r = store_->Write(batch);
    ASSERT_TRUE(r.ok());
    ASSERT_EQ(r->accepted, 2000);
    for (size_t i = 0; i < batch.size(); ++i) {
      batch[i].id = r->ids[i];
      events_.push_back(batch[i]);
    }
  }

  std::string CountryOf(const std::string& name) const {
    auto it = countries_.find(name);
    if (it != countries_.end()) return it->second;
    for (const auto& [n, c] : kActors) {
      if (n == name) return c;
    }
    return "";
  }

  // Events a rollup subject selects, by the rules of query/rollup.h.
  bool Selected(const Event& e, const std::string& a, const std::string& b,
                Direction d) const {
    const std::string ca = CountryOf(e.actor);
    const std::string ct = CountryOf(e.target);
    const bool out = d != Direction::kIn;
    const bool in = d != Direction::kOut;
    if (b.empty()) return (out && ca == a) || (in && ct == a);
    if (a == b) return ca == a && ct == a;
    return (out && ca == a && ct == b) || (in && ca == b && ct == a);
  }

  testing::TempDir dir_;
  std::unique_ptr<storage::EventStore> store_;
  std::vector<Event> events_;
  std::map<std::string, std::string> countries_;  // overrides of kActors
};

TEST_P(RollupTest, TimelineMatchesBruteForceWithContributors) {
  struct Case {
    std::string a, b;
    Direction d;
  };
  for (const Case& c : std::vector<Case>{
           {"RUS", "PRK", Direction::kBoth},
           {"Russia", "North Korea", Direction::kOut},
           {"russian federation", "DPRK", Direction::kIn},
           {"RUS", "", Direction::kBoth},
           {"PRK", "", Direction::kOut},
           {"CHN", "", Direction::kIn},
           {"RUS", "RUS", Direction::kBoth},
       }) {
    const std::string a = *ResolveCountry(*store_, "a", c.a);
    const std::string b = c.b.empty() ? "" : *ResolveCountry(*store_, "b", c.b);
    TimelineQuery q;
    q.subject = {c.a, c.b, c.d, Rollup::kCountry};
    q.granularity = Granularity::kMonth;
    auto t = ComputeTimeline(*store_, q);
    ASSERT_TRUE(t.ok()) << t.status();
    std::map<Day, int64_t> expected;
    std::map<std::string, int64_t> per_actor;
    int64_t total = 0;
    for (const Event& e : events_) {
      if (!Selected(e, a, b, c.d)) continue;
      ++expected[BucketStart(e.day, Granularity::kMonth)];
      ++total;
      // Credit: members taking part (with a counterpart country), else
      // members on the side(s) of the direction; a self-loop once.
      const bool credit_actor = !b.empty() || c.d != Direction::kIn;
      const bool credit_target = !b.empty() || c.d != Direction::kOut;
      std::set<std::string> credited;
      auto member = [&](const std::string& n) {
        const std::string cn = CountryOf(n);
        return cn == a || (!b.empty() && cn == b);
      };
      if (credit_actor && member(e.actor)) credited.insert(e.actor);
      if (credit_target && member(e.target)) credited.insert(e.target);
      for (const std::string& n : credited) ++per_actor[n];
    }
    int64_t sum = 0;
    for (const TimelineBucket& bucket : t->buckets) {
      const int64_t n =
          bucket.counter.quad[0].events + bucket.counter.quad[1].events +
          bucket.counter.quad[2].events + bucket.counter.quad[3].events +
          bucket.counter.quad[4].events;
      EXPECT_EQ(n, expected[bucket.start]) << c.a << "/" << c.b;
      sum += n;
    }
    EXPECT_EQ(sum, total) << c.a << "/" << c.b;
    EXPECT_GT(total, 0);
    std::map<std::string, int64_t> got;
    for (const Contributor& k : t->contributors) got[k.actor] = k.events;
    EXPECT_EQ(got, per_actor) << c.a << "/" << c.b;

    // The same with a code filter: the event scan path.
    q.filter = *EventFilter::Make("", "19", {});
    auto f = ComputeTimeline(*store_, q);
    ASSERT_TRUE(f.ok()) << f.status();
    int64_t filtered = 0;
    for (const Event& e : events_) {
      if (Selected(e, a, b, c.d) && e.event_code == "190") ++filtered;
    }
    EXPECT_EQ(f->total.quad[0].events + f->total.quad[1].events +
                  f->total.quad[2].events + f->total.quad[3].events +
                  f->total.quad[4].events,
              filtered);

    // The listing walks the same events, page by page, in (day, id) order.
    EventQuery eq;
    eq.subject = q.subject;
    std::vector<storage::EventId> listed;
    std::string token;
    do {
      auto page = ListEvents(*store_, eq, 97, token);
      ASSERT_TRUE(page.ok()) << page.status();
      for (const Event& e : page->events) listed.push_back(e.id);
      token = page->next_page_token;
    } while (!token.empty());
    std::vector<std::pair<Day, storage::EventId>> want;
    for (const Event& e : events_) {
      if (Selected(e, a, b, c.d)) want.emplace_back(e.day, e.id);
    }
    std::sort(want.begin(), want.end());
    ASSERT_EQ(listed.size(), want.size());
    for (size_t i = 0; i < want.size(); ++i) {
      EXPECT_EQ(listed[i], want[i].second);
    }
  }
}

TEST_P(RollupTest, SplitDirectionsEqualTheOneWayTimelines) {
  // Two countries (disjoint directions), one country alone, and one country
  // twice (an event inside it is both outgoing and incoming).
  for (const auto& [a, b] : std::vector<std::pair<std::string, std::string>>{
           {"RUS", "PRK"}, {"RUS", ""}, {"RUS", "RUS"}}) {
    for (bool filtered : {false, true}) {
      SCOPED_TRACE(a + "/" + b + (filtered ? " filtered" : ""));
      TimelineQuery q;
      q.subject = {a, b, Direction::kBoth, Rollup::kCountry};
      q.granularity = Granularity::kMonth;
      if (filtered) q.filter = *EventFilter::Make("", "19", {});
      SplitTimelines t;
      ComputeSplitTimelines(*store_, q, &t);
      ASSERT_FALSE(::testing::Test::HasFatalFailure());
      ExpectSplitMatches(t);
      int64_t total = 0;
      for (const TimelineBucket& bucket : t.split.buckets) {
        for (const auto& qc : bucket.counter.quad) total += qc.events;
      }
      if (!filtered) {
        EXPECT_GT(total, 0);
      }
      std::map<std::string, int64_t> got, want;
      for (const Contributor& k : t.split.contributors) got[k.actor] = k.events;
      for (const Contributor& k : t.whole.contributors) want[k.actor] = k.events;
      EXPECT_EQ(got, want);
    }
  }
}

TEST_P(RollupTest, PutActorChangesAffiliationForTheNextQuery) {
  TimelineQuery q;
  q.subject = {"PRK", "CHN", Direction::kBoth, Rollup::kCountry};
  q.granularity = Granularity::kYear;
  auto before = ComputeTimeline(*store_, q);
  ASSERT_TRUE(before.ok());

  storage::ActorDeclaration d;
  d.name = "Kim Jong-Un";
  d.kind = ActorKind::kPerson;
  d.country = "Democratic People's Republic of Korea";
  d.aliases = {"Kim Jong Un", "KJU"};
  auto put = store_->PutActor(d);
  ASSERT_TRUE(put.ok()) << put.status();
  ASSERT_TRUE(put->errors.empty()) << put->errors[0].field;
  EXPECT_FALSE(put->created);
  EXPECT_EQ(put->actor.affiliation.country, "PRK");
  EXPECT_EQ(put->actor.affiliation.source, CountrySource::kDeclared);
  countries_["Kim Jong-Un"] = "PRK";

  auto after = ComputeTimeline(*store_, q);
  ASSERT_TRUE(after.ok());
  int64_t expected = 0;
  for (const Event& e : events_) {
    if (Selected(e, "PRK", "CHN", Direction::kBoth)) ++expected;
  }
  auto total = [](const Timeline& t) {
    int64_t n = 0;
    for (const auto& qc : t.total.quad) n += qc.events;
    return n;
  };
  EXPECT_EQ(total(*after), expected);
  EXPECT_GT(total(*after), total(*before));

  // Aliases resolve to the actor, in any case.
  EXPECT_EQ(store_->FindActor("kim jong un"), put->actor.id);
  EXPECT_EQ(store_->FindActor("KJU"), put->actor.id);
  // Country codes and aliases name the country's actor.
  EXPECT_EQ(store_->FindActor("PRK"), store_->FindActor("North Korea"));
  EXPECT_EQ(store_->FindActor("DPRK"), store_->FindActor("North Korea"));
  EXPECT_EQ(store_->FindActor("NORTH KOREA"), store_->FindActor("North Korea"));
  EXPECT_EQ(store_->FindActor("RUS"), store_->FindActor("Russia"));

  // Declaring no country falls back to the name (none here).
  d.country = "";
  d.aliases = {"KJU"};
  put = store_->PutActor(d);
  ASSERT_TRUE(put.ok());
  EXPECT_EQ(put->actor.affiliation.country, "");
  EXPECT_FALSE(store_->FindActor("Kim Jong Un"));  // alias dropped
  EXPECT_EQ(store_->FindActor("KJU"), put->actor.id);
}

TEST_P(RollupTest, PutActorRejectsBadDeclarationsAndWritesNothing) {
  storage::ActorDeclaration d;
  d.name = "Kim Jong-Un";
  d.country = "Atlantis";
  d.aliases = {"China", "", "Good Alias"};
  auto put = store_->PutActor(d);
  ASSERT_TRUE(put.ok());
  std::set<std::string> fields;
  for (const auto& e : put->errors) fields.insert(e.field);
  EXPECT_EQ(fields,
            (std::set<std::string>{"country", "aliases[0]", "aliases[1]"}));
  EXPECT_FALSE(store_->FindActor("Good Alias"));
  // An alias taken by another actor.
  storage::ActorDeclaration other;
  other.name = "United Nations";
  other.aliases = {"UN"};
  ASSERT_TRUE(store_->PutActor(other)->errors.empty());
  d = {};
  d.name = "Kim Jong-Un";
  d.aliases = {"un"};
  put = store_->PutActor(d);
  ASSERT_EQ(put->errors.size(), 1u);
  EXPECT_EQ(put->errors[0].field, "aliases[0]");
  EXPECT_NE(put->errors[0].reason.find("United Nations"), std::string::npos);
  // A new actor may not take an alias as its name.
  d = {};
  d.name = "UN";
  put = store_->PutActor(d);
  ASSERT_EQ(put->errors.size(), 1u);
  EXPECT_EQ(put->errors[0].field, "name");
}

TEST_P(RollupTest, UnknownCountryIsNotFoundNamingIt) {
  TimelineQuery q;
  q.subject = {"Atlantis", "RUS", Direction::kBoth, Rollup::kCountry};
  auto t = ComputeTimeline(*store_, q);
  EXPECT_EQ(t.status().code(), absl::StatusCode::kNotFound);
  EXPECT_NE(t.status().message().find("Atlantis"), std::string::npos);
  // An actor without a country cannot stand for one.
  q.subject = {"United Nations", "", Direction::kBoth, Rollup::kCountry};
  EXPECT_EQ(ComputeTimeline(*store_, q).status().code(),
            absl::StatusCode::kNotFound);
  // An actor with a country stands for it.
  EXPECT_EQ(*ResolveCountry(*store_, "c", "Military (Russia)"), "RUS");
}

TEST_P(RollupTest, NeighboursArePartnerCountries) {
  if (!GetParam()) GTEST_SKIP() << "neighbours need the graph index";
  NeighborsQuery q;
  q.actor = "RUS";
  q.rollup = Rollup::kCountry;
  q.limit = 10;
  auto r = FindNeighbors(*store_, q);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->actor, "Russia");
  std::map<std::string, int64_t> expected;
  for (const Event& e : events_) {
    const std::string ca = CountryOf(e.actor), ct = CountryOf(e.target);
    if (ca == "RUS" && !ct.empty() && ct != "RUS") ++expected[ct];
    if (ct == "RUS" && !ca.empty() && ca != "RUS") ++expected[ca];
  }
  std::map<std::string, int64_t> got;
  for (const NeighborEntry& n : r->neighbors) got[n.country] = n.stats.events;
  EXPECT_EQ(got, expected);
}

TEST_P(RollupTest, ProfilesSurviveReopen) {
  storage::ActorDeclaration d;
  d.name = "Brand New Actor";
  d.kind = ActorKind::kOrganization;
  d.country = "GEO";
  d.aliases = {"BNA"};
  auto put = store_->PutActor(d);
  ASSERT_TRUE(put.ok());
  EXPECT_TRUE(put->created);
  const storage::ActorId id = put->actor.id;
  store_.reset();
  store_ = OpenStore(dir_.path(), GetParam());
  ASSERT_NE(store_, nullptr);
  EXPECT_EQ(store_->FindActor("bna"), id);
  auto details = store_->GetActorDetails(id);
  ASSERT_TRUE(details.ok());
  EXPECT_EQ(details->kind, ActorKind::kOrganization);
  EXPECT_EQ(details->affiliation.country, "GEO");
  const std::vector<storage::ActorId> members = store_->CountryMembers("GEO");
  EXPECT_EQ(members, std::vector<storage::ActorId>{id});
  // Events naming the alias are the actor's; it keeps the declared country.
  Event e;
  e.actor = "BNA";
  e.target = "Russia";
  e.action = "Consult";
  e.day = 1;
  auto w = store_->Write({e});
  ASSERT_TRUE(w.ok());
  ASSERT_EQ(w->accepted, 1);
  auto events = store_->GetEvents({w->ids[0]});
  ASSERT_TRUE(events.ok());
  EXPECT_EQ((*events)[0].actor_id, id);
  EXPECT_EQ((*events)[0].actor, "Brand New Actor");
  EXPECT_EQ(store_->CountryOf(id), "GEO");
}

TEST_P(RollupTest, DataCountryIsKeptFromTheFirstEvent) {
  Event e;
  e.actor = "POLICE";
  e.target = "CITIZEN";
  e.action = "Arrest";
  e.day = 5;
  e.attributes = {{"actor1_country_code", "UKR"}};
  auto w = store_->Write({e});
  ASSERT_TRUE(w.ok());
  const storage::ActorId police = *store_->FindActor("police");
  EXPECT_EQ(store_->CountryOf(police), "UKR");
  EXPECT_EQ(store_->CountryOf(*store_->FindActor("citizen")), "");
  auto d = store_->GetActorDetails(police);
  EXPECT_EQ(d->affiliation.source, CountrySource::kData);
  // A declaration wins over the data; withdrawing it restores the data.
  storage::ActorDeclaration decl;
  decl.name = "Police";
  decl.country = "RUS";
  ASSERT_TRUE(store_->PutActor(decl)->errors.empty());
  EXPECT_EQ(store_->CountryOf(police), "RUS");
  decl.country = "";
  ASSERT_TRUE(store_->PutActor(decl)->errors.empty());
  EXPECT_EQ(store_->CountryOf(police), "UKR");
}

TEST_P(RollupTest, OutPartnersFromCounters) {
  const storage::ActorId russia = *store_->FindActor("Russia");
  std::set<storage::ActorId> got;
  ASSERT_TRUE(store_
                  ->ForEachOutPartner(
                      russia, [&](storage::ActorId t) { got.insert(t); })
                  .ok());
  std::set<storage::ActorId> expected;
  for (const Event& e : events_) {
    if (e.actor == "Russia") expected.insert(*store_->FindActor(e.target));
  }
  EXPECT_EQ(got, expected);
}

INSTANTIATE_TEST_SUITE_P(GraphIndex, RollupTest, ::testing::Bool(),
                         [](const auto& info) {
                           return info.param ? "WithGraph" : "WithoutGraph";
                         });

}  // namespace
}  // namespace eventgraph::query
