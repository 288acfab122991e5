#include "query/journeys.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

#include "absl/status/status.h"
#include "storage/status_macros.h"

namespace eventgraph::query {
namespace {

constexpr int32_t kNoLabel = -1;
// Events scanned between two calls of SearchBudget::Check().
constexpr int kCheckEvery = 32;
// The arena is collected once it holds this many labels, then each time it
// has doubled since the last collection.
constexpr size_t kCollectAt = size_t{1} << 16;

// How two labels of one actor compare. A label "beats" another when it is
// at least as good for every continuation, so the other can be dropped.
enum class Order : uint8_t {
  kHops,        // fewer hops (earliest arrival, latest departure, fewest)
  kDepartHops,  // later departure, then fewer hops (fastest, no hop cap)
  kPareto,      // fewer hops and later departure (fastest with a hop cap)
};

// A partial journey. Forward searches grow journeys from `from`: a label
// at actor A says "a journey reaches A on `day` in `hops` hops, having left
// `from` on `depart`". The backward search (latest departure) grows them
// towards `to`: "a journey leaves A on `day` and reaches `to` in `hops`
// hops". Labels live in an arena and never change once made, apart from
// `next`, so the journey of any label is read back through `link`; a
// label's link is always an older label.
struct Label {
  ActorId at = 0;
  ActorId other = 0;        // the other end of the label's hop
  Slot slot = 0;            // the event of the hop
  int32_t link = kNoLabel;  // the label at `other`; kNoLabel: the root
  int32_t next = kNoLabel;  // the next label kept at `at`
  int32_t hops = 0;
  Day day = 0;     // the hop's day
  Day depart = 0;  // forward: the day the journey left the root
};

// What the search keeps per actor. With the single-label orders (kHops,
// kDepartHops) `hops` and `depart` copy the one kept label's, so that most
// events are judged without reading the arena.
struct ActorState {
  int32_t head = kNoLabel;  // the kept labels, linked by Label::next
  int32_t hops = 0;
  Day depart = 0;
  uint32_t seen = 0;     // the pass that last relaxed an edge from here
  uint32_t updated = 0;  // the pass that last gave it a label
};

Order OrderFor(const JourneyRequest& request) {
  if (request.mode != JourneyMode::kFastest) return Order::kHops;
  return request.max_hops > 0 ? Order::kPareto : Order::kDepartHops;
}

class JourneySearch {
 public:
  JourneySearch(const Reader& graph, const EdgeFilter& filter,
                const JourneyRequest& request, SearchBudget* budget)
      : graph_(graph),
        filter_(filter),
        request_(request),
        budget_(budget),
        forward_(request.mode != JourneyMode::kLatestDeparture),
        strict_(request.strict),
        directed_(request.directed),
        root_(forward_ ? request.from : request.to),
        terminal_(forward_ ? request.to : request.from),
        cap_(request.max_hops > 0 ? request.max_hops
                                  : std::numeric_limits<int32_t>::max()),
        order_(OrderFor(request)) {}

  // Searches the days lo..hi. REQUIRES: lo <= hi; both ends are actors
  // below the graph's actor_limit().
  absl::StatusOr<std::optional<FoundPath>> Run(Day lo, Day hi);

 private:
  absl::Status ScanDay(Day day, const std::vector<storage::DayEdge>& edges);
  absl::Status Pass(Day day, const std::vector<storage::DayEdge>& edges,
                    bool first);

  // Relaxes the edge from `a` (the end the search already knows about) to
  // `b`. Forward: the journey goes a -> b; backward: b -> a. Cheap when `a`
  // has nothing to offer, as for most events.
  void Relax(ActorId a, ActorId b, const storage::DayEdge& e, Day day,
             bool first) {
    ActorState& known = actors_[a];
    if (!strict_) {
      known.seen = pass_;
      // A later pass only needs the actors that gained a label in the
      // previous pass or in this one.
      if (!first && known.updated + 1 < pass_) return;
    }
    if (known.head == kNoLabel && a != root_) return;
    // A journey never comes back to its root nor goes on from its end.
    if (b == root_ || a == terminal_) return;
    Extend(a, b, e, day);
  }
  // Offers `b` every label of `a` extended by the edge.
  void Extend(ActorId a, ActorId b, const storage::DayEdge& e, Day day);
  // Offers `b` the label (link, hops, depart) extended by the edge; sets
  // *usable once the edge's filter and pair are checked.
  void Offer(ActorId a, ActorId b, const storage::DayEdge& e, Day day,
             int32_t link, int32_t hops, Day depart, int* usable);
  // The most hops a useful label at `b` may have.
  int32_t HopLimit(ActorId b) const;
  bool Usable(const storage::DayEdge& e);
  // Whether a label (l_hops, l_depart) beats one (hops, depart).
  bool Beats(int32_t l_hops, Day l_depart, int32_t hops, Day depart) const;
  bool Dominated(ActorId at, int32_t hops, Day depart) const;
  // REQUIRES: !Dominated(label.at, label.hops, label.depart).
  void Insert(const Label& label);
  // Records what the day found; true when the search can stop.
  bool AfterDay(Day day);
  // Drops the labels that no kept label nor the answer leads back to.
  void MaybeCollect();
  absl::Status Flush() {
    budget_->expanded_edges += unflushed_;
    unflushed_ = 0;
    return budget_->Check();
  }
  absl::StatusOr<FoundPath> Build(int32_t label) const;

  const Reader& graph_;
  const EdgeFilter& filter_;
  const JourneyRequest& request_;
  SearchBudget* const budget_;
  const bool forward_;
  const bool strict_;
  const bool directed_;
  const ActorId root_;      // where journeys grow from
  const ActorId terminal_;  // where they must end
  const int32_t cap_;
  const Order order_;

  std::vector<Label> labels_;
  std::vector<ActorState> actors_;  // by actor id
  std::vector<int8_t> qualified_;   // by pair: 0 unknown, 1 yes, 2 no
  std::vector<Label> offers_;       // strict: labels of the current day
  size_t collect_at_ = kCollectAt;
  uint32_t pass_ = 0;
  bool more_ = false;  // the pass made a label that an earlier edge needs
  int unflushed_ = 0;  // events scanned, not yet in the budget
  int32_t best_terminal_hops_ = std::numeric_limits<int32_t>::max();

  // The answer so far.
  int32_t answer_ = kNoLabel;
  Day best_duration_ = 0;  // fastest: of answer_
};

absl::StatusOr<std::optional<FoundPath>> JourneySearch::Run(Day lo, Day hi) {
  actors_.assign(graph_.actor_limit(), ActorState());
  if (filter_.min_events() > 1) qualified_.assign(graph_.pair_count(), 0);
  labels_.reserve(1024);
  ++budget_->visited_actors;  // the root

  const auto& days = graph_.days();
  if (forward_) {
    for (auto it = days.lower_bound(lo); it != days.end() && it->first <= hi;
         ++it) {
      RETURN_IF_ERROR(ScanDay(it->first, it->second));
      if (AfterDay(it->first)) break;
      MaybeCollect();
    }
  } else {
    const auto first = days.lower_bound(lo);
    for (auto it = days.upper_bound(hi); it != first;) {
      --it;
      RETURN_IF_ERROR(ScanDay(it->first, it->second));
      if (AfterDay(it->first)) break;
      MaybeCollect();
    }
  }
  if (answer_ == kNoLabel) return std::nullopt;
  ASSIGN_OR_RETURN(FoundPath path, Build(answer_));
  return path;
}

absl::Status JourneySearch::ScanDay(
    Day day, const std::vector<storage::DayEdge>& edges) {
  if (strict_) {
    // Labels made today become usable tomorrow: collect, then keep them.
    offers_.clear();
    RETURN_IF_ERROR(Pass(day, edges, /*first=*/true));
    for (const Label& l : offers_) {
      if (!Dominated(l.at, l.hops, l.depart)) Insert(l);
    }
  } else {
    // Same-day events chain in any order: relax until nothing improves.
    bool first = true;
    do {
      ++pass_;
      more_ = false;
      RETURN_IF_ERROR(Pass(day, edges, first));
      first = false;
    } while (more_);
  }
  return Flush();
}

absl::Status JourneySearch::Pass(Day day,
                                 const std::vector<storage::DayEdge>& edges,
                                 bool first) {
  for (const storage::DayEdge& e : edges) {
    if (++unflushed_ == kCheckEvery) RETURN_IF_ERROR(Flush());
    if (e.src == e.dst) continue;
    const ActorId near = forward_ ? e.src : e.dst;
    const ActorId far = forward_ ? e.dst : e.src;
    Relax(near, far, e, day, first);
    if (!directed_) Relax(far, near, e, day, first);
  }
  return absl::OkStatus();
}

void JourneySearch::Extend(ActorId a, ActorId b, const storage::DayEdge& e,
                           Day day) {
  int usable = -1;  // unknown until a label would be made
  if (a == root_) {
    Offer(a, b, e, day, kNoLabel, 0, day, &usable);
    return;
  }
  const ActorState& known = actors_[a];
  if (order_ != Order::kPareto) {
    Offer(a, b, e, day, known.head, known.hops, known.depart, &usable);
    return;
  }
  for (int32_t i = known.head; i != kNoLabel && usable != 0;
       i = labels_[i].next) {
    // Offer may grow labels_: pass values, not a reference.
    Offer(a, b, e, day, i, labels_[i].hops, labels_[i].depart, &usable);
  }
}

void JourneySearch::Offer(ActorId a, ActorId b, const storage::DayEdge& e,
                          Day day, int32_t link, int32_t hops, Day depart,
                          int* usable) {
  const int32_t new_hops = hops + 1;
  if (new_hops > HopLimit(b)) return;
  // Fastest: a journey through this label lasts at least day - depart and
  // arrives after the answer's day, so it must be strictly shorter.
  if (order_ != Order::kHops && answer_ != kNoLabel &&
      day - depart >= best_duration_) {
    return;
  }
  if (Dominated(b, new_hops, depart)) return;
  if (*usable < 0) *usable = Usable(e) ? 1 : 0;
  if (*usable == 0) return;
  const Label l{b, a, e.slot, link, kNoLabel, new_hops, day, depart};
  if (strict_) {
    offers_.push_back(l);
  } else {
    Insert(l);
  }
}

int32_t JourneySearch::HopLimit(ActorId b) const {
  // A label short of the terminal needs one more hop to be of use.
  int32_t limit = b == terminal_ ? cap_ : cap_ - 1;
  if (order_ == Order::kHops) {
    // Only fewer hops than the terminal's best can still win.
    const int32_t best =
        b == terminal_ ? best_terminal_hops_ - 1 : best_terminal_hops_ - 2;
    limit = std::min(limit, best);
  }
  return limit;
}

bool JourneySearch::Usable(const storage::DayEdge& e) {
  if (!filter_.Matches(graph_, e.slot)) return false;
  const int64_t need = filter_.min_events();
  // The event itself matches and lies in the window.
  if (need <= 1) return true;
  const int64_t p = graph_.FindPair(e.src, e.dst);
  if (p < 0) return false;
  int8_t& known = qualified_[p];
  if (known == 0) {
    const GraphWindow& w = request_.window;
    int64_t n = CountPairEvents(graph_, graph_.pair(p), w, filter_, need);
    int64_t reverse = -1;
    if (!directed_) {
      reverse = graph_.FindPair(e.dst, e.src);
      if (reverse >= 0 && n < need) {
        n +=
            CountPairEvents(graph_, graph_.pair(reverse), w, filter_, need - n);
      }
    }
    known = n >= need ? 1 : 2;
    if (reverse >= 0) qualified_[reverse] = known;
  }
  return known == 1;
}

bool JourneySearch::Beats(int32_t l_hops, Day l_depart, int32_t hops,
                          Day depart) const {
  switch (order_) {
    case Order::kHops:
      return l_hops <= hops;
    case Order::kDepartHops:
      return l_depart > depart || (l_depart == depart && l_hops <= hops);
    case Order::kPareto:
      return l_hops <= hops && l_depart >= depart;
  }
  return false;
}

bool JourneySearch::Dominated(ActorId at, int32_t hops, Day depart) const {
  const ActorState& s = actors_[at];
  if (s.head == kNoLabel) return false;
  if (order_ != Order::kPareto) return Beats(s.hops, s.depart, hops, depart);
  for (int32_t i = s.head; i != kNoLabel; i = labels_[i].next) {
    if (Beats(labels_[i].hops, labels_[i].depart, hops, depart)) return true;
  }
  return false;
}

void JourneySearch::Insert(const Label& label) {
  ActorState& s = actors_[label.at];
  if (s.head == kNoLabel) ++budget_->visited_actors;
  // Drop the labels the new one beats: with the single-label orders, the
  // one there was.
  int32_t* link = &s.head;
  while (*link != kNoLabel) {
    const Label& old = labels_[*link];
    if (Beats(label.hops, label.depart, old.hops, old.depart)) {
      *link = old.next;
    } else {
      link = &labels_[*link].next;
    }
  }
  const int32_t index = static_cast<int32_t>(labels_.size());
  labels_.push_back(label);
  labels_.back().next = s.head;
  s.head = index;
  s.hops = label.hops;
  s.depart = label.depart;
  budget_->depth = std::max(budget_->depth, static_cast<int>(label.hops));
  if (!strict_) {
    s.updated = pass_;
    // An edge from here earlier in this pass has not seen this label.
    if (s.seen == pass_) more_ = true;
  }
  if (label.at == terminal_) {
    best_terminal_hops_ = std::min(best_terminal_hops_, label.hops);
  }
}

bool JourneySearch::AfterDay(Day day) {
  const int32_t head = actors_[terminal_].head;
  if (head == kNoLabel) return false;
  switch (request_.mode) {
    case JourneyMode::kEarliestArrival:
    case JourneyMode::kLatestDeparture:
      // The first day (in search order) that reaches the terminal decides;
      // its one label has the fewest hops of that day.
      answer_ = head;
      return true;
    case JourneyMode::kFewestHops:
      // A label replaces the terminal's only when it has fewer hops, so
      // the kept one arrived first among the fewest.
      answer_ = head;
      return labels_[head].hops == 1;
    case JourneyMode::kFastest:
      // Of today's arrivals the best has the latest departure, then the
      // fewest hops (one label per departure day). An earlier day's answer
      // wins ties on duration.
      for (int32_t i = head; i != kNoLabel; i = labels_[i].next) {
        const Label& l = labels_[i];
        if (l.day != day) continue;
        const Day duration = day - l.depart;
        if (answer_ == kNoLabel || duration < best_duration_) {
          answer_ = i;
          best_duration_ = duration;
        }
      }
      return answer_ != kNoLabel && best_duration_ == 0;
  }
  return false;
}

void JourneySearch::MaybeCollect() {
  if (labels_.size() < collect_at_) return;
  // Mark what is kept: every actor's labels, the answer, and the labels
  // they lead back to (marked 0, then renumbered in order).
  std::vector<int32_t> renumber(labels_.size(), kNoLabel);
  const auto mark = [&](int32_t i) {
    while (i != kNoLabel && renumber[i] == kNoLabel) {
      renumber[i] = 0;
      i = labels_[i].link;
    }
  };
  for (const ActorState& s : actors_) {
    for (int32_t i = s.head; i != kNoLabel; i = labels_[i].next) mark(i);
  }
  mark(answer_);
  // Links point to older labels, so compaction in place keeps them ahead.
  int32_t kept = 0;
  for (size_t i = 0; i < labels_.size(); ++i) {
    if (renumber[i] == kNoLabel) continue;
    renumber[i] = kept;
    Label l = labels_[i];
    if (l.link != kNoLabel) l.link = renumber[l.link];
    // A dropped label's `next` is never followed again.
    if (l.next != kNoLabel) l.next = renumber[l.next];
    labels_[kept++] = l;
  }
  labels_.resize(kept);
  for (ActorState& s : actors_) {
    if (s.head != kNoLabel) s.head = renumber[s.head];
  }
  if (answer_ != kNoLabel) answer_ = renumber[answer_];
  collect_at_ = std::max(kCollectAt, 2 * labels_.size());
}

absl::StatusOr<FoundPath> JourneySearch::Build(int32_t label) const {
  std::vector<int32_t> chain;
  for (int32_t i = label; i != kNoLabel; i = labels_[i].link) {
    chain.push_back(i);
  }
  // Forward chains run from the end back to `from`.
  if (forward_) std::reverse(chain.begin(), chain.end());
  FoundPath path;
  path.actors.push_back(request_.from);
  for (const int32_t i : chain) {
    const Label& l = labels_[i];
    FoundHop hop;
    hop.from = forward_ ? l.other : l.at;
    hop.to = forward_ ? l.at : l.other;
    hop.slot = l.slot;
    path.actors.push_back(hop.to);
    path.hops.push_back(hop);
  }
  std::vector<ActorId> sorted = path.actors;
  std::sort(sorted.begin(), sorted.end());
  if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end()) {
    return absl::InternalError("journey search produced a repeated actor");
  }
  return path;
}

}  // namespace

absl::StatusOr<std::optional<FoundPath>> FindJourney(
    const Reader& graph, const EdgeFilter& filter,
    const JourneyRequest& request, SearchBudget* budget) {
  if (request.from == 0 || request.to == 0) {
    return absl::InvalidArgumentError("journey: from and to must be actors");
  }
  if (request.from == request.to) {
    return absl::InvalidArgumentError("journey: from and to must differ");
  }
  if (request.max_hops < 0) {
    return absl::InvalidArgumentError("journey: max_hops must be >= 0");
  }
  const Day lo = std::max(request.window.from,
                          request.start.value_or(request.window.from));
  const Day hi =
      std::min(request.window.to, request.end.value_or(request.window.to));
  if (lo > hi) return std::nullopt;
  const ActorId n = graph.actor_limit();
  if (request.from >= n || request.to >= n) return std::nullopt;
  const bool from_isolated =
      graph.OutPairs(request.from).empty() &&
      (request.directed || graph.InPairs(request.from).empty());
  const bool to_isolated =
      graph.InPairs(request.to).empty() &&
      (request.directed || graph.OutPairs(request.to).empty());
  if (from_isolated || to_isolated) return std::nullopt;
  JourneySearch search(graph, filter, request, budget);
  return search.Run(lo, hi);
}

}  // namespace eventgraph::query
