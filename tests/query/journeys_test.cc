// Journeys against brute force: every loopless journey of small random
// graphs is enumerated and each mode's optimum compared with FindJourney,
// across direction, strictness, filters, hop caps, windows and start/end;
// every returned journey is validated event by event. Then the edge cases
// one by one, and timings on a large synthetic graph and (when its file is
// given) on ICEWS05-15.
#include "query/journeys.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/types/span.h"
#include "gtest/gtest.h"
#include "storage/date.h"
#include "storage/temporal_graph.h"

namespace eventgraph::query {
namespace {

using storage::Event;
using storage::EventId;
using storage::QuadClass;
using storage::TemporalGraph;

constexpr JourneyMode kModes[] = {
    JourneyMode::kEarliestArrival, JourneyMode::kLatestDeparture,
    JourneyMode::kFastest, JourneyMode::kFewestHops};

std::string ModeName(JourneyMode mode) {
  switch (mode) {
    case JourneyMode::kEarliestArrival:
      return "earliest";
    case JourneyMode::kLatestDeparture:
      return "latest";
    case JourneyMode::kFastest:
      return "fastest";
    case JourneyMode::kFewestHops:
      return "fewest";
  }
  return "?";
}

Event MakeEvent(EventId id, ActorId src, ActorId dst, Day day,
                QuadClass quad = QuadClass::kVerbalCooperation,
                std::optional<double> goldstein = std::nullopt) {
  Event e;
  e.id = id;
  e.actor = absl::StrCat("actor", src);
  e.target = absl::StrCat("actor", dst);
  e.actor_id = src;
  e.target_id = dst;
  e.day = day;
  e.quad_class = quad;
  e.goldstein = goldstein;
  e.event_code = "010";
  e.action = "Make statement";
  return e;
}

// A graph built from events with ids 1..n, and the events by id.
class Graph {
 public:
  explicit Graph(std::vector<Event> events) : events_(std::move(events)) {
    for (size_t i = 0; i < events_.size(); ++i) {
      events_[i].id = static_cast<EventId>(i + 1);
    }
    graph_.Add(absl::MakeConstSpan(events_));
  }
  const TemporalGraph& graph() const { return graph_; }
  const std::vector<Event>& events() const { return events_; }
  const Event& event(EventId id) const { return events_[id - 1]; }

 private:
  std::vector<Event> events_;
  TemporalGraph graph_;
};

// A filter as the search sees it and as the test checks it, independently.
struct FilterCase {
  std::string name;
  EdgeFilterSpec spec;
  std::function<bool(const Event&)> matches;
};

std::vector<FilterCase> FilterCases() {
  std::vector<FilterCase> cases;
  cases.push_back({"none", {}, [](const Event&) { return true; }});
  FilterCase quad{"quad12", {}, [](const Event& e) {
                    return e.quad_class == QuadClass::kVerbalCooperation ||
                           e.quad_class == QuadClass::kMaterialCooperation;
                  }};
  quad.spec.quad_classes = {1, 2};
  cases.push_back(quad);
  FilterCase gold{"goldstein", {}, [](const Event& e) {
                    return e.goldstein.has_value() && *e.goldstein >= -2.5 &&
                           *e.goldstein <= 4.0;
                  }};
  gold.spec.goldstein_min = -2.5;
  gold.spec.goldstein_max = 4.0;
  cases.push_back(gold);
  FilterCase twice{"min_events2", {}, [](const Event&) { return true; }};
  twice.spec.min_events = 2;
  cases.push_back(twice);
  FilterCase both{"quad13_min_events2", {}, [](const Event& e) {
                    return e.quad_class == QuadClass::kVerbalCooperation ||
                           e.quad_class == QuadClass::kVerbalConflict;
                  }};
  both.spec.quad_classes = {1, 3};
  both.spec.min_events = 2;
  cases.push_back(both);
  return cases;
}

// What the test knows about a request, computed without the search.
class Oracle {
 public:
  Oracle(const Graph& g, const JourneyRequest& r, const FilterCase& f)
      : g_(g), r_(r), f_(f) {
    lo_ = std::max(r.window.from, r.start.value_or(r.window.from));
    hi_ = std::min(r.window.to, r.end.value_or(r.window.to));
    for (const Event& e : g.events()) {
      if (e.day >= r.window.from && e.day <= r.window.to && f.matches(e)) {
        ++pair_events_[{e.actor_id, e.target_id}];
      }
    }
  }
  // Whether an event may be a hop of a journey.
  bool Usable(const Event& e) const {
    if (e.actor_id == e.target_id || e.day < lo_ || e.day > hi_) return false;
    if (!f_.matches(e)) return false;
    int count = PairEvents(e.actor_id, e.target_id);
    if (!r_.directed) count += PairEvents(e.target_id, e.actor_id);
    return count >= std::max(1, f_.spec.min_events);
  }

  // Objective tuples, smaller is better: see journeys.h.
  using Key = std::tuple<int64_t, int64_t, int64_t>;
  static Key KeyOf(JourneyMode mode, Day depart, Day arrive, int hops) {
    switch (mode) {
      case JourneyMode::kEarliestArrival:
        return {arrive, hops, 0};
      case JourneyMode::kLatestDeparture:
        return {-int64_t{depart}, hops, 0};
      case JourneyMode::kFastest:
        return {arrive - depart, arrive, hops};
      case JourneyMode::kFewestHops:
        return {hops, arrive, 0};
    }
    return {};
  }

  // The optimum of every mode over all loopless journeys (DFS over events).
  std::map<JourneyMode, Key> BruteForce() const {
    struct Arc {
      ActorId to;
      Day day;
    };
    std::map<ActorId, std::vector<Arc>> out;
    for (const Event& e : g_.events()) {
      if (!Usable(e)) continue;
      out[e.actor_id].push_back({e.target_id, e.day});
      if (!r_.directed) out[e.target_id].push_back({e.actor_id, e.day});
    }
    std::map<JourneyMode, Key> best;
    const int cap = r_.max_hops > 0 ? r_.max_hops : 1 << 20;
    std::vector<ActorId> visited = {r_.from};
    std::function<void(ActorId, Day, Day, int)> dfs =
        [&](ActorId at, Day depart, Day last, int hops) {
          for (const Arc& arc : out[at]) {
            if (hops > 0 && (r_.strict ? arc.day <= last : arc.day < last)) {
              continue;
            }
            if (std::find(visited.begin(), visited.end(), arc.to) !=
                visited.end()) {
              continue;
            }
            const Day d = hops == 0 ? arc.day : depart;
            if (arc.to == r_.to) {
              for (JourneyMode m : kModes) {
                const Key k = KeyOf(m, d, arc.day, hops + 1);
                auto it = best.find(m);
                if (it == best.end() || k < it->second) best[m] = k;
              }
              continue;
            }
            if (hops + 1 >= cap) continue;
            visited.push_back(arc.to);
            dfs(arc.to, d, arc.day, hops + 1);
            visited.pop_back();
          }
        };
    dfs(r_.from, 0, 0, 0);
    return best;
  }

  // Checks a returned journey; returns "" or what is wrong, and sets *key.
  std::string Validate(const Reader& reader, const FoundPath& path,
                       Key* key) const {
    if (path.hops.empty()) return "no hops";
    if (path.actors.size() != path.hops.size() + 1) return "actor count";
    if (path.actors.front() != r_.from || path.actors.back() != r_.to) {
      return "ends";
    }
    std::vector<ActorId> sorted = path.actors;
    std::sort(sorted.begin(), sorted.end());
    if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end()) {
      return "repeated actor";
    }
    if (r_.max_hops > 0 && static_cast<int>(path.hops.size()) > r_.max_hops) {
      return "too many hops";
    }
    Day depart = 0;
    Day last = 0;
    for (size_t i = 0; i < path.hops.size(); ++i) {
      const FoundHop& hop = path.hops[i];
      if (hop.from != path.actors[i] || hop.to != path.actors[i + 1]) {
        return absl::StrCat("hop ", i, " does not chain");
      }
      if (!hop.slot.has_value()) return absl::StrCat("hop ", i, " no slot");
      const Event& e = g_.event(reader.id(*hop.slot));
      const bool forward = e.actor_id == hop.from && e.target_id == hop.to;
      const bool backward = e.actor_id == hop.to && e.target_id == hop.from;
      if (!forward && (r_.directed || !backward)) {
        return absl::StrCat("hop ", i, " event ", e.id, " does not match");
      }
      if (!Usable(e)) return absl::StrCat("hop ", i, " event not usable");
      if (i == 0) {
        depart = e.day;
      } else if (r_.strict ? e.day <= last : e.day < last) {
        return absl::StrCat("hop ", i, " goes back in time");
      }
      last = e.day;
    }
    *key = KeyOf(r_.mode, depart, last, static_cast<int>(path.hops.size()));
    return "";
  }

 private:
  int PairEvents(ActorId src, ActorId dst) const {
    auto it = pair_events_.find({src, dst});
    return it == pair_events_.end() ? 0 : it->second;
  }

  const Graph& g_;
  const JourneyRequest& r_;
  const FilterCase& f_;
  Day lo_;
  Day hi_;
  // Matching events in the window by (src, dst).
  std::map<std::pair<ActorId, ActorId>, int> pair_events_;
};

std::string KeyText(const Oracle::Key& k) {
  return absl::StrCat("(", std::get<0>(k), ",", std::get<1>(k), ",",
                      std::get<2>(k), ")");
}

// 8..12 actors, 40..80 events (a few self-loops) over `min_span` plus up
// to 7 days, so that many events share a day.
Graph RandomGraph(std::mt19937* rng, int min_span, Day* first_day, int* span) {
  const int actors = 8 + static_cast<int>((*rng)() % 5);
  const int count = 40 + static_cast<int>((*rng)() % 41);
  *span = min_span + static_cast<int>((*rng)() % 8);
  *first_day = static_cast<Day>((*rng)() % 41) - 20;
  std::vector<Event> events;
  for (int i = 0; i < count; ++i) {
    const ActorId src = 1 + (*rng)() % actors;
    ActorId dst = 1 + (*rng)() % actors;
    if ((*rng)() % 20 == 0) dst = src;  // self-loops
    const Day day = *first_day + static_cast<Day>((*rng)() % *span);
    const auto quad = static_cast<QuadClass>((*rng)() % 5);
    std::optional<double> goldstein;
    if ((*rng)() % 4 != 0) {
      goldstein = (static_cast<int>((*rng)() % 41) - 20) / 2.0;
    }
    events.push_back(MakeEvent(0, src, dst, day, quad, goldstein));
  }
  return Graph(std::move(events));
}

// Compares every mode with brute force on graphs from seeds first..last,
// for every filter, direction, strictness, hop cap (0, 2, 3, 4) and window
// variant (all days; a window cutting the first and last days; start and
// end inside the days).
void CheckAgainstBruteForce(uint32_t first_seed, uint32_t last_seed,
                            int min_span) {
  const std::vector<FilterCase> filters = FilterCases();
  int searches = 0;
  int found = 0;
  for (uint32_t seed = first_seed; seed <= last_seed; ++seed) {
    std::mt19937 rng(seed);
    Day first = 0;
    int span = 0;
    const Graph g = RandomGraph(&rng, min_span, &first, &span);
    const Reader reader(&g.graph());
    const ActorId from = 1 + rng() % 4;
    const ActorId to = 5 + rng() % 4;
    for (int variant = 0; variant < 3; ++variant) {
      for (const FilterCase& fc : filters) {
        auto filter = EdgeFilter::Compile(fc.spec, reader);
        ASSERT_TRUE(filter.ok()) << filter.status();
        for (int flags = 0; flags < 16; ++flags) {
          JourneyRequest r;
          r.from = from;
          r.to = to;
          r.directed = flags & 1;
          r.strict = flags & 2;
          r.max_hops = (flags >> 2) == 0 ? 0 : (flags >> 2) + 1;
          if (variant == 1) {
            r.window = {first + 1, first + span - 2};
          } else if (variant == 2) {
            r.start = first + 1 + static_cast<Day>(rng() % 2);
            r.end = first + span - 1 - static_cast<Day>(rng() % 2);
          }
          const Oracle oracle(g, r, fc);
          const std::map<JourneyMode, Oracle::Key> best = oracle.BruteForce();
          for (JourneyMode mode : kModes) {
            r.mode = mode;
            const std::string where = absl::StrCat(
                "seed ", seed, " variant ", variant, " filter ", fc.name,
                " directed ", r.directed, " strict ", r.strict, " max_hops ",
                r.max_hops, " mode ", ModeName(mode));
            SearchBudget budget;
            auto got = FindJourney(reader, *filter, r, &budget);
            ++searches;
            ASSERT_TRUE(got.ok()) << where << ": " << got.status();
            auto it = best.find(mode);
            if (it == best.end()) {
              ASSERT_FALSE(got->has_value()) << where;
              continue;
            }
            ASSERT_TRUE(got->has_value())
                << where << " want " << KeyText(it->second);
            ++found;
            Oracle::Key key;
            const std::string error = oracle.Validate(reader, **got, &key);
            ASSERT_EQ(error, "") << where;
            ASSERT_EQ(KeyText(key), KeyText(it->second)) << where;
            EXPECT_GT(budget.expanded_edges, 0) << where;
            EXPECT_GE(budget.visited_actors, 2) << where;
            EXPECT_GE(budget.depth, 1) << where;
          }
        }
      }
    }
  }
  // The random graphs must exercise both outcomes.
  EXPECT_GT(found, searches / 4);
  EXPECT_LT(found, searches);
}

TEST(JourneysTest, MatchesBruteForceOnFewDays) {
  CheckAgainstBruteForce(1, 150, 4);
}

TEST(JourneysTest, MatchesBruteForceOnMoreDays) {
  CheckAgainstBruteForce(1001, 1100, 12);
}

// A fixed small graph for the edge cases: actors 1 (A), 2 (X), 3 (B).
constexpr ActorId kA = 1;
constexpr ActorId kX = 2;
constexpr ActorId kB = 3;

struct Outcome {
  absl::Status status;
  std::optional<FoundPath> path;
};

Outcome Find(const Graph& g, JourneyRequest r, EdgeFilterSpec spec = {},
             SearchBudget budget = {}) {
  const Reader reader(&g.graph());
  auto filter = EdgeFilter::Compile(spec, reader);
  EXPECT_TRUE(filter.ok());
  auto got = FindJourney(reader, *filter, r, &budget);
  if (!got.ok()) return {got.status(), std::nullopt};
  return {absl::OkStatus(), *got};
}

std::vector<EventId> EventIds(const Graph& g, const FoundPath& path) {
  const Reader reader(&g.graph());
  std::vector<EventId> ids;
  for (const FoundHop& hop : path.hops) ids.push_back(reader.id(*hop.slot));
  return ids;
}

JourneyRequest Request(JourneyMode mode, bool directed = true,
                       bool strict = false) {
  JourneyRequest r;
  r.from = kA;
  r.to = kB;
  r.mode = mode;
  r.directed = directed;
  r.strict = strict;
  return r;
}

TEST(JourneysTest, WindowBoundsAreInclusive) {
  const Graph g({MakeEvent(0, kA, kX, 10), MakeEvent(0, kX, kB, 20)});
  for (JourneyMode mode : kModes) {
    JourneyRequest r = Request(mode);
    r.window = {10, 20};
    Outcome run = Find(g, r);
    ASSERT_TRUE(run.status.ok());
    ASSERT_TRUE(run.path.has_value()) << ModeName(mode);
    EXPECT_EQ(EventIds(g, *run.path), (std::vector<EventId>{1, 2}));
    EXPECT_EQ(run.path->actors, (std::vector<ActorId>{kA, kX, kB}));
    r.window = {11, 20};
    EXPECT_FALSE(Find(g, r).path.has_value()) << ModeName(mode);
    r.window = {10, 19};
    EXPECT_FALSE(Find(g, r).path.has_value()) << ModeName(mode);
    // start and end bound the same way, inside the window.
    r.window = {0, 30};
    r.start = 10;
    r.end = 20;
    EXPECT_TRUE(Find(g, r).path.has_value()) << ModeName(mode);
    r.start = 11;
    EXPECT_FALSE(Find(g, r).path.has_value()) << ModeName(mode);
    r.start = 10;
    r.end = 19;
    EXPECT_FALSE(Find(g, r).path.has_value()) << ModeName(mode);
    // start before the window is clipped to it.
    r.window = {11, 30};
    r.start = 0;
    r.end.reset();
    EXPECT_FALSE(Find(g, r).path.has_value()) << ModeName(mode);
  }
}

TEST(JourneysTest, SelfLoopsAreIgnored) {
  const Graph loops({MakeEvent(0, kA, kA, 1), MakeEvent(0, kB, kB, 2)});
  const Graph mixed({MakeEvent(0, kA, kA, 1), MakeEvent(0, kA, kB, 2),
                     MakeEvent(0, kB, kB, 2)});
  for (JourneyMode mode : kModes) {
    for (bool directed : {false, true}) {
      Outcome run = Find(loops, Request(mode, directed));
      ASSERT_TRUE(run.status.ok());
      EXPECT_FALSE(run.path.has_value());
      run = Find(mixed, Request(mode, directed));
      ASSERT_TRUE(run.path.has_value());
      EXPECT_EQ(EventIds(mixed, *run.path), (std::vector<EventId>{2}));
    }
  }
}

TEST(JourneysTest, ReversedTimeIsNoJourney) {
  const Graph g({MakeEvent(0, kA, kX, 5), MakeEvent(0, kX, kB, 3)});
  for (JourneyMode mode : kModes) {
    for (bool directed : {false, true}) {
      for (bool strict : {false, true}) {
        Outcome run = Find(g, Request(mode, directed, strict));
        ASSERT_TRUE(run.status.ok());
        EXPECT_FALSE(run.path.has_value()) << ModeName(mode);
      }
    }
  }
}

TEST(JourneysTest, SameDayChainOnlyWhenNotStrict) {
  // Listed in reverse order: the day must still chain X -> B after A -> X.
  const Graph g({MakeEvent(0, kX, kB, 5), MakeEvent(0, kA, kX, 5)});
  for (JourneyMode mode : kModes) {
    Outcome run = Find(g, Request(mode, true, false));
    ASSERT_TRUE(run.path.has_value()) << ModeName(mode);
    EXPECT_EQ(EventIds(g, *run.path), (std::vector<EventId>{2, 1}));
    run = Find(g, Request(mode, true, true));
    ASSERT_TRUE(run.status.ok());
    EXPECT_FALSE(run.path.has_value()) << ModeName(mode);
  }
}

TEST(JourneysTest, LongSameDayChainInReverseOrder) {
  // 1 -> 2 -> ... -> 30, all on one day, listed last hop first.
  std::vector<Event> events;
  for (ActorId a = 29; a >= 1; --a) events.push_back(MakeEvent(0, a, a + 1, 7));
  const Graph g(std::move(events));
  for (JourneyMode mode : kModes) {
    JourneyRequest r = Request(mode);
    r.to = 30;
    Outcome run = Find(g, r);
    ASSERT_TRUE(run.path.has_value()) << ModeName(mode);
    EXPECT_EQ(run.path->hops.size(), 29u);
    r.max_hops = 28;
    run = Find(g, r);
    ASSERT_TRUE(run.status.ok());
    EXPECT_FALSE(run.path.has_value()) << ModeName(mode);
  }
}

TEST(JourneysTest, DirectionIsRespected) {
  // A -> X and B -> X: undirected, the journey uses B -> X backwards.
  const Graph g({MakeEvent(0, kA, kX, 1), MakeEvent(0, kB, kX, 2)});
  for (JourneyMode mode : kModes) {
    EXPECT_FALSE(Find(g, Request(mode, true)).path.has_value());
    Outcome run = Find(g, Request(mode, false));
    ASSERT_TRUE(run.path.has_value());
    ASSERT_EQ(run.path->hops.size(), 2u);
    EXPECT_EQ(run.path->hops[1].from, kX);
    EXPECT_EQ(run.path->hops[1].to, kB);
    EXPECT_EQ(EventIds(g, *run.path), (std::vector<EventId>{1, 2}));
  }
}

TEST(JourneysTest, ObjectivesAndTieBreaks) {
  // A -> B directly on day 9; A -> X -> B on days 2, 4; A -> W -> Y -> B
  // on days 3, 3, 3 (W = 6, Y = 4); A -> Z -> B on days 6, 6 (Z = 5).
  const Graph g({MakeEvent(0, kA, kB, 9), MakeEvent(0, kA, kX, 2),
                 MakeEvent(0, kX, kB, 4), MakeEvent(0, kA, 6, 3),
                 MakeEvent(0, 6, 4, 3), MakeEvent(0, 4, kB, 3),
                 MakeEvent(0, kA, 5, 6), MakeEvent(0, 5, kB, 6)});
  auto ids = [&](JourneyMode mode, bool strict, int max_hops = 0) {
    JourneyRequest r = Request(mode, true, strict);
    r.max_hops = max_hops;
    Outcome run = Find(g, r);
    EXPECT_TRUE(run.path.has_value());
    return run.path ? EventIds(g, *run.path) : std::vector<EventId>{};
  };
  using V = std::vector<EventId>;
  EXPECT_EQ(ids(JourneyMode::kEarliestArrival, false), (V{4, 5, 6}));
  EXPECT_EQ(ids(JourneyMode::kEarliestArrival, true), (V{2, 3}));
  EXPECT_EQ(ids(JourneyMode::kEarliestArrival, false, 2), (V{2, 3}));
  EXPECT_EQ(ids(JourneyMode::kLatestDeparture, false), (V{1}));
  // Fastest: duration 0 on day 3 (3 hops) beats day 6 (2 hops): earlier.
  EXPECT_EQ(ids(JourneyMode::kFastest, false), (V{4, 5, 6}));
  EXPECT_EQ(ids(JourneyMode::kFastest, false, 2), (V{7, 8}));
  EXPECT_EQ(ids(JourneyMode::kFastest, true), (V{1}));
  EXPECT_EQ(ids(JourneyMode::kFewestHops, false), (V{1}));
  // Without the direct event, two hops: A -> X -> B arrives before A -> Z.
  JourneyRequest r = Request(JourneyMode::kFewestHops);
  r.window = {2, 8};
  Outcome run = Find(g, r);
  ASSERT_TRUE(run.path.has_value());
  EXPECT_EQ(EventIds(g, *run.path), (V{2, 3}));
}

TEST(JourneysTest, FastestWithHopCapKeepsParetoLabels) {
  // Latest departure to X is 3 hops away (A->P->Q->X, days 5); an earlier
  // departure reaches X in one hop (day 1). With max_hops 2, only the
  // one-hop label can still go on to B (day 6).
  const ActorId p = 4, q = 5;
  const Graph g({MakeEvent(0, kA, kX, 1), MakeEvent(0, kA, p, 5),
                 MakeEvent(0, p, q, 5), MakeEvent(0, q, kX, 5),
                 MakeEvent(0, kX, kB, 6)});
  JourneyRequest r = Request(JourneyMode::kFastest);
  Outcome run = Find(g, r);
  ASSERT_TRUE(run.path.has_value());
  EXPECT_EQ(EventIds(g, *run.path), (std::vector<EventId>{2, 3, 4, 5}));
  r.max_hops = 2;
  run = Find(g, r);
  ASSERT_TRUE(run.path.has_value());
  EXPECT_EQ(EventIds(g, *run.path), (std::vector<EventId>{1, 5}));
  r.max_hops = 1;
  run = Find(g, r);
  ASSERT_TRUE(run.status.ok());
  EXPECT_FALSE(run.path.has_value());
}

TEST(JourneysTest, NoJourneyUnknownAndIsolatedActors) {
  // Two components: {1, 2} and {3, 5}; actor 4 has no event.
  const Graph g({MakeEvent(0, 1, 2, 1), MakeEvent(0, 3, 5, 2)});
  for (JourneyMode mode : kModes) {
    for (bool directed : {false, true}) {
      JourneyRequest r = Request(mode, directed);
      r.from = 1;
      r.to = 3;
      Outcome run = Find(g, r);
      ASSERT_TRUE(run.status.ok());
      EXPECT_FALSE(run.path.has_value());
      r.to = 4;  // isolated
      EXPECT_FALSE(Find(g, r).path.has_value());
      r.to = 1000;  // unknown
      run = Find(g, r);
      ASSERT_TRUE(run.status.ok());
      EXPECT_FALSE(run.path.has_value());
      r.from = 1000;
      r.to = 1;
      EXPECT_FALSE(Find(g, r).path.has_value());
      // An empty window.
      r.from = 1;
      r.to = 2;
      r.window = {5, 4};
      EXPECT_FALSE(Find(g, r).path.has_value());
    }
  }
}

TEST(JourneysTest, InvalidRequests) {
  const Graph g({MakeEvent(0, kA, kB, 1)});
  JourneyRequest r = Request(JourneyMode::kEarliestArrival);
  r.to = kA;
  EXPECT_EQ(Find(g, r).status.code(), absl::StatusCode::kInvalidArgument);
  r.to = kB;
  r.from = 0;
  EXPECT_EQ(Find(g, r).status.code(), absl::StatusCode::kInvalidArgument);
  r.from = kA;
  r.max_hops = -1;
  EXPECT_EQ(Find(g, r).status.code(), absl::StatusCode::kInvalidArgument);
}

// Many actors and events over many days: a chain 1 -> 2 -> ... plus noise.
Graph BigGraph(int actors, int events, int days, uint32_t seed,
               const std::vector<Event>& extra = {}) {
  std::mt19937 rng(seed);
  std::vector<Event> list;
  list.reserve(events);
  for (int i = 0; i < events; ++i) {
    // Skewed: low ids are busy, like countries in ICEWS.
    const auto pick = [&] {
      const double u = std::uniform_real_distribution<double>(0, 1)(rng);
      return static_cast<ActorId>(1 + static_cast<int>(u * u * u * actors));
    };
    list.push_back(MakeEvent(0, pick(), pick(), static_cast<Day>(rng() % days),
                             static_cast<QuadClass>(rng() % 5),
                             static_cast<int>(rng() % 5) - 2.0));
  }
  for (const Event& e : extra) list.push_back(e);
  return Graph(std::move(list));
}

TEST(JourneysTest, BudgetExhaustion) {
  const Graph g = BigGraph(200, 5000, 100, 3);
  for (JourneyMode mode : kModes) {
    JourneyRequest r = Request(mode, false);
    r.from = 1;
    r.to = 199;
    SearchBudget budget;
    budget.max_expanded_edges = 5;
    Outcome run = Find(g, r, {}, budget);
    EXPECT_EQ(run.status.code(), absl::StatusCode::kResourceExhausted)
        << ModeName(mode) << " " << run.status;
    budget = SearchBudget();
    budget.max_visited_actors = 1;
    run = Find(g, r, {}, budget);
    EXPECT_EQ(run.status.code(), absl::StatusCode::kResourceExhausted)
        << ModeName(mode) << " " << run.status;
  }
}

// Runs each mode on the same random pairs (printing times for information,
// asserting none). Every journey is validated,
// every mode must agree on whether one exists, and a hop cap too high to
// bind (which the fastest search serves with other labels) must not change
// the optimum.
void TimeModes(const Graph& g, Day from_day, Day to_day, int pairs) {
  const Reader reader(&g.graph());
  const FilterCase none = FilterCases()[0];
  auto filter = EdgeFilter::Compile(none.spec, reader);
  ASSERT_TRUE(filter.ok());
  std::mt19937 rng(11);
  std::vector<std::pair<ActorId, ActorId>> ends;
  while (static_cast<int>(ends.size()) < pairs) {
    const ActorId a = 1 + rng() % (reader.actor_limit() - 1);
    const ActorId b = 1 + rng() % (reader.actor_limit() - 1);
    if (a != b) ends.emplace_back(a, b);
  }
  for (bool directed : {false, true}) {
    JourneyRequest r;
    r.window = {from_day, to_day};
    r.directed = directed;
    // Reads r as it is at each call.
    const Oracle oracle(g, r, none);
    std::vector<int> exists(pairs, -1);
    for (JourneyMode mode : kModes) {
      double worst = 0;
      double total = 0;
      int found = 0;
      for (int i = 0; i < pairs; ++i) {
        r.from = ends[i].first;
        r.to = ends[i].second;
        r.mode = mode;
        r.max_hops = 0;
        SearchBudget budget;
        const auto t0 = std::chrono::steady_clock::now();
        auto got = FindJourney(reader, *filter, r, &budget);
        const double ms = std::chrono::duration<double, std::milli>(
                              std::chrono::steady_clock::now() - t0)
                              .count();
        ASSERT_TRUE(got.ok()) << got.status();
        const int has = got->has_value() ? 1 : 0;
        if (exists[i] < 0) exists[i] = has;
        EXPECT_EQ(exists[i], has) << ModeName(mode) << " pair " << i;
        found += has;
        worst = std::max(worst, ms);
        total += ms;
        if (!has) continue;
        Oracle::Key key;
        ASSERT_EQ(oracle.Validate(reader, **got, &key), "")
            << ModeName(mode) << " pair " << i;
        r.max_hops = 1000;
        auto capped = FindJourney(reader, *filter, r, &budget);
        ASSERT_TRUE(capped.ok()) << capped.status();
        ASSERT_TRUE(capped->has_value()) << ModeName(mode) << " pair " << i;
        Oracle::Key capped_key;
        ASSERT_EQ(oracle.Validate(reader, **capped, &capped_key), "");
        EXPECT_EQ(KeyText(capped_key), KeyText(key))
            << ModeName(mode) << " pair " << i;
      }
      std::printf("%-9s %-10s mean %.2f ms, worst %.2f ms, found %d/%d\n",
                  ModeName(mode).c_str(), directed ? "directed" : "undirected",
                  total / pairs, worst, found, pairs);
    }
  }
}

TEST(JourneysTest, ModesAgreeOnALargeGraph) {
  // 200k events over 1826 days and 10k actors, and a pair (10001 -> 10002)
  // on the last day that nothing reaches.
  const Graph g =
      BigGraph(10000, 200000, 1826, 5, {MakeEvent(0, 10001, 10002, 1825)});
  TimeModes(g, 0, 1825, 10);

  // The whole window is scanned in vain: the deadline stops it (the clock
  // is read every 4096 budget checks).
  const Reader reader(&g.graph());
  auto filter = EdgeFilter::Compile({}, reader);
  ASSERT_TRUE(filter.ok());
  JourneyRequest r;
  r.from = 1;
  r.to = 10002;
  SearchBudget budget;
  auto got = FindJourney(reader, *filter, r, &budget);
  ASSERT_TRUE(got.ok());
  EXPECT_FALSE(got->has_value());
  EXPECT_GT(budget.expanded_edges, 200000);
  budget = SearchBudget();
  budget.deadline = absl::InfinitePast();
  got = FindJourney(reader, *filter, r, &budget);
  EXPECT_EQ(got.status().code(), absl::StatusCode::kDeadlineExceeded)
      << got.status();
}

}  // namespace
}  // namespace eventgraph::query
