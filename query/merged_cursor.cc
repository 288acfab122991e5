#include "query/merged_cursor.h"

namespace eventgraph::query {

MergedCursor::MergedCursor(
    std::vector<std::unique_ptr<storage::IndexCursor>> cursors,
    bool descending)
    : cursors_(std::move(cursors)), descending_(descending) {
  Pick();
}

void MergedCursor::Pick() {
  current_ = -1;
  for (int i = 0; i < static_cast<int>(cursors_.size()); ++i) {
    if (!cursors_[i]->Valid()) continue;
    storage::IndexPosition p = cursors_[i]->position();
    if (current_ < 0 || (descending_ ? p > position_ : p < position_)) {
      current_ = i;
      position_ = p;
    }
  }
}

void MergedCursor::Next() {
  const storage::IndexPosition last = position_;
  // Advance every cursor standing on the entry just returned.
  for (auto& c : cursors_) {
    while (c->Valid() && c->position() == last) c->Next();
  }
  Pick();
}

absl::Status MergedCursor::status() const {
  for (const auto& c : cursors_) {
    if (!c->status().ok()) return c->status();
  }
  return absl::OkStatus();
}

MergedCursor OpenMerged(const storage::EventStore& store,
                        const std::vector<storage::IndexSelector>& selectors,
                        storage::Day from, storage::Day to, bool descending,
                        std::optional<storage::IndexPosition> after) {
  std::vector<std::unique_ptr<storage::IndexCursor>> cursors;
  for (const auto& s : selectors) {
    cursors.push_back(store.NewCursor(s, from, to, descending, after));
  }
  return MergedCursor(std::move(cursors), descending);
}

}  // namespace eventgraph::query
