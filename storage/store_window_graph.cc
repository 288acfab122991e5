// EventStore::BuildWindowGraph: the graph of a window read from disk, for
// queries reaching before the resident graph's horizon.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "storage/date.h"
#include "storage/event_store.h"
#include "storage/keys.h"
#include "storage/records.h"
#include "storage/status_macros.h"
#include "storage/store_impl.h"

namespace eventgraph::storage {
namespace {

// Events added to the graph at a time.
constexpr size_t kChunk = 4096;

}  // namespace

EventStore::WindowGraph::~WindowGraph() {
  graph_.reset();
  release_();
}

void EventStore::Impl::NoteWindowWrite(Day first_day) {
  absl::MutexLock lock(&window_graph_mu);
  WindowSlot& slot = window_slot;
  if ((slot.graph == nullptr && !slot.building) || first_day > slot.to) return;
  ++slot.generation;
}

absl::StatusOr<std::unique_ptr<EventStore::WindowGraph>>
EventStore::BuildWindowGraph(Day from, Day to) const {
  if (impl_->graph == nullptr) {
    return absl::FailedPreconditionError(
        "this server runs without the graph index (graph_index = false)");
  }
  Impl* impl = impl_.get();
  Impl::WindowSlot& slot = impl->window_slot;
  const auto release = [impl] {
    absl::MutexLock lock(&impl->window_graph_mu);
    --impl->window_slot.users;
  };
  {
    absl::MutexLock lock(&impl->window_graph_mu);
    const auto kept = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(
                          impl->window_graph_mu) {
      return slot.graph != nullptr && slot.read_at == slot.generation &&
             slot.from == from && slot.to == to;
    };
    const auto ready = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(
                           impl->window_graph_mu) {
      return !slot.building && (slot.users == 0 || kept());
    };
    impl->window_graph_mu.Await(absl::Condition(&ready));
    if (kept()) {
      ++slot.users;
      return std::unique_ptr<WindowGraph>(
          new WindowGraph(slot.graph, /*reused=*/true, release));
    }
    // Nobody holds the kept graph: free it, then read this window.
    slot.graph.reset();
    slot.building = true;
    slot.from = from;
    slot.to = to;
    slot.read_at = slot.generation;
  }
  absl::StatusOr<std::unique_ptr<TemporalGraph>> built =
      impl->ReadWindowGraph(from, to);
  absl::MutexLock lock(&impl->window_graph_mu);
  slot.building = false;
  if (!built.ok()) return built.status();
  // A write of the window's days during the read (generation moved past
  // read_at) may be missing from it: this call uses it, the next one reads
  // again.
  slot.graph = std::move(*built);
  ++slot.users;
  return std::unique_ptr<WindowGraph>(
      new WindowGraph(slot.graph, /*reused=*/false, release));
}

absl::StatusOr<std::unique_ptr<TemporalGraph>>
EventStore::Impl::ReadWindowGraph(Day from, Day to) const {
  const size_t budget = options.graph_memory_bytes;
  auto result = std::make_unique<TemporalGraph>();
  TemporalGraph& window = *result;

  const std::string lower = DateKey(from, 0);
  const std::string upper = DateKey(to + 1, 0);
  const rocksdb::Slice upper_slice(upper);
  rocksdb::ReadOptions read;
  read.iterate_upper_bound = &upper_slice;
  read.fill_cache = false;  // one pass: keep the cache for point reads
  read.readahead_size = size_t{2} << 20;
  std::unique_ptr<rocksdb::Iterator> it(
      db->NewIterator(read, date_index));
  std::vector<Event> events;
  events.reserve(kChunk);
  int64_t read_events = 0;
  const auto flush = [&]() -> absl::Status {
    window.Add(absl::MakeConstSpan(events));
    read_events += static_cast<int64_t>(events.size());
    events.clear();
    if (budget > 0 && window.ApproximateBytes() > budget) {
      return absl::ResourceExhaustedError(absl::StrCat(
          "the window ", FormatDate(from), " to ", FormatDate(to),
          " holds more than ", read_events,
          " events, more than the graph memory budget (",
          budget >> 20, " MiB) holds for a window that starts before the "
          "graph index's first day, ",
          FormatDate(graph->horizon()),  // the resident graph
          ": start the window on or after that day, or give the server more "
          "graph memory (--graph-memory-mb)"));
    }
    return absl::OkStatus();
  };
  // Each date entry carries its event's graph fields: one scan, no read by
  // id.
  for (it->Seek(lower); it->Valid(); it->Next()) {
    Event& e = events.emplace_back();
    Day day;
    RETURN_IF_ERROR(
        DecodeIndexTail(View(it->key()), kDateKeySize, &day, &e.id));
    absl::Status s = DecodeEventGraphFields(View(it->value()), &e);
    if (!s.ok() || e.day != day) {
      return absl::DataLossError(absl::StrCat(
          "date index entry of event ", e.id, ": ",
          s.ok() ? "its day differs from its key's" : s.message()));
    }
    if (events.size() == kChunk) RETURN_IF_ERROR(flush());
  }
  RETURN_IF_ERROR(FromRocks(it->status(), "scanning the date index"));
  RETURN_IF_ERROR(flush());
  return result;
}

}  // namespace eventgraph::storage
