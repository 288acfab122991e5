// Merges several index cursors into one walk ordered by (day, id), skipping
// repeats of an entry (a self-loop is in both of an actor's indexes).
//
// Thread safety: not thread-safe; one per scan.
#pragma once

#include <memory>
#include <vector>

#include "absl/status/status.h"
#include "storage/event_store.h"

namespace eventgraph::query {

class MergedCursor {
 public:
  // `descending` must match the cursors' own direction.
  MergedCursor(std::vector<std::unique_ptr<storage::IndexCursor>> cursors,
               bool descending);

  bool Valid() const { return current_ >= 0; }
  // REQUIRES: Valid().
  storage::IndexPosition position() const { return position_; }
  // The current entry's record when its index carries one, else empty
  // (storage::IndexCursor::record). Valid until Next(). REQUIRES: Valid().
  std::string_view record() const { return cursors_[current_]->record(); }
  // REQUIRES: Valid().
  void Next();
  // The first error of any cursor, or OK. Check after every loop.
  absl::Status status() const;

 private:
  void Pick();

  std::vector<std::unique_ptr<storage::IndexCursor>> cursors_;
  bool descending_;
  int current_ = -1;
  storage::IndexPosition position_;
};

// Opens the cursors of `selectors` over [from, to] and merges them.
MergedCursor OpenMerged(const storage::EventStore& store,
                        const std::vector<storage::IndexSelector>& selectors,
                        storage::Day from, storage::Day to, bool descending,
                        std::optional<storage::IndexPosition> after);

}  // namespace eventgraph::query
