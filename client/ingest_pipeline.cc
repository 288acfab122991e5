#include "client/ingest_pipeline.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>

#include "absl/strings/str_cat.h"
#include "client/event_builder.h"
#include "client/format_profiles.h"
#include "client/record_reader.h"

namespace eventgraph::client {
namespace {

// How often (in rows) the reading thread publishes its input offset.
constexpr int64_t kOffsetEvery = 4096;
constexpr int kMinBlockRows = 512;

// One record of a block.
struct Entry {
  enum class Kind : uint8_t {
    kSkipped,   // done by an earlier run (--resume)
    kRejected,  // rejected by the RecordReader: see Block::rejections
    kRow,       // cells to build an event from
  };
  Kind kind = Kind::kRow;
  bool failed = false;  // kRow: BuildEvent rejected it (Block::errors)
  uint32_t first_cell = 0;
  uint32_t cell_count = 0;
  int64_t line = 0;
  int64_t record = 0;        // 1-based ordinal in its input, skipped included
  int64_t input_bytes = -1;  // >= 0: publish as IngestCounters::input_bytes
  size_t bytes = 0;          // kRow: the cells' size
};

// How a block ends.
enum class BlockEnd : uint8_t {
  kMore,        // the input goes on in the next block
  kInputDone,   // the input was read to its end
  kDoneBefore,  // the input was done whole by an earlier run: no entries
  kReadError,   // the input could not be read to its end
};

// A run of records of one input, following one mapping.
struct Block {
  int64_t sequence = 0;  // reading order, from 0
  uint32_t file = 0;
  std::shared_ptr<const ColumnMapping> mapping;
  std::string arena;                // the cells of the kRow entries
  std::vector<uint32_t> cell_ends;  // cell i is arena[ends[i-1], ends[i])
  std::vector<Entry> entries;
  std::vector<RowError> rejections;  // of the kRejected entries, in order
  bool has_rows = false;             // some entry is kRow

  BlockEnd end = BlockEnd::kMore;
  int64_t end_records = 0;      // kInputDone, kDoneBefore: InputDone()'s
  int64_t end_last_line = 0;    //   rows and last line
  int64_t end_input_bytes = 0;  // kInputDone, kDoneBefore
  absl::Status read_error;      // kReadError

  // Filled by BuildBlock().
  std::shared_ptr<google::protobuf::Arena> event_arena;
  std::vector<eventgraph::v1::Event*> events;  // in order, on event_arena
  std::vector<RowError> errors;  // of the failed kRow entries, in order
};

// The Event field a client-side rejection concerns when its column feeds
// one (e.g. "target" for a bad byte in column "Actor2Name"), else the
// record's own field ("row" or the column name).
std::string RejectedField(const ColumnMapping& mapping, const Record& record) {
  if (record.column < 0 || record.column >= mapping.column_count()) {
    return record.field;
  }
  const ColumnBinding& binding = mapping.binding(record.column);
  switch (binding.field) {
    case EventField::kIgnore:
      return record.field;
    case EventField::kAttribute:
      return absl::StrCat("attributes.", binding.attribute_key);
    default:
      return std::string(EventFieldName(binding.field));
  }
}

// Stage 1: cuts the inputs into blocks. Used by one thread at a time.
class BlockReader {
 public:
  BlockReader(std::vector<IngestInput>* inputs,
              const std::vector<ColumnOverride>* overrides, size_t block_rows,
              size_t block_bytes)
      : inputs_(*inputs),
        overrides_(*overrides),
        block_rows_(block_rows),
        block_bytes_(block_bytes) {}

  // Fills *block (which must be empty) with the next records. Returns
  // false when every input is read or one failed.
  bool Next(Block* block) {
    if (stopped_ || file_ >= inputs_.size()) return false;
    block->sequence = next_sequence_++;
    block->file = static_cast<uint32_t>(file_);
    IngestInput& input = inputs_[file_];
    if (input.reader == nullptr) {
      block->end = BlockEnd::kDoneBefore;
      block->end_records = input.done_rows;
      block->end_last_line = input.done_last_line;
      EndInput(input, block);
      return true;
    }
    RecordReader& reader = *input.reader;
    block->mapping = input.mapping;
    // Sized like the last block, to spare the copies of growing.
    block->arena.reserve(last_arena_bytes_);
    block->cell_ends.reserve(last_cells_);
    block->entries.reserve(last_entries_);
    while (block->entries.size() < block_rows_ &&
           block->arena.size() < block_bytes_) {
      RecordReader::Result result;
      if (pending_.has_value()) {
        result = *pending_;
        pending_.reset();
      } else {
        result = reader.Read(&record_);
      }
      if (result == RecordReader::Result::kEnd) {
        if (!reader.status().ok()) {
          block->end = BlockEnd::kReadError;
          block->read_error = absl::Status(
              reader.status().code(),
              absl::StrCat(input.path, ": ", reader.status().message()));
          stopped_ = true;
          return true;
        }
        block->end = BlockEnd::kInputDone;
        block->end_records = records_;
        block->end_last_line = last_line_;
        input.reader.reset();  // close the file
        EndInput(input, block);
        return true;
      }
      const bool skipped = record_.line <= input.done_through_line;
      if (!skipped && result == RecordReader::Result::kRow &&
          input.mapping->column_count() !=
              static_cast<int>(reader.columns().size())) {
        // New JSONL keys: map them too, in a block of their own.
        if (block->has_rows) {
          pending_ = result;
          return Cut(block);
        }
        input.mapping =
            std::make_shared<const ColumnMapping>(ColumnMapping::Build(
                reader.columns(), overrides_, ProfileFor(reader.format())));
        block->mapping = input.mapping;
      }
      Entry entry;
      entry.line = record_.line;
      entry.record = ++records_;
      last_line_ = record_.line;
      if (skipped) {
        entry.kind = Entry::Kind::kSkipped;
      } else {
        if (++rows_ % kOffsetEvery == 0) {
          entry.input_bytes = bytes_before_ + reader.compressed_offset();
        }
        if (result == RecordReader::Result::kRejected) {
          entry.kind = Entry::Kind::kRejected;
          block->rejections.push_back(
              RowError{RejectedField(*input.mapping, record_), record_.reason});
        } else {
          AddCells(record_, &entry, block);
        }
      }
      block->entries.push_back(entry);
    }
    return Cut(block);
  }

 private:
  void AddCells(const Record& record, Entry* entry, Block* block) {
    entry->kind = Entry::Kind::kRow;
    entry->first_cell = static_cast<uint32_t>(block->cell_ends.size());
    entry->cell_count = static_cast<uint32_t>(record.cells.size());
    for (std::string_view cell : record.cells) {
      block->arena.append(cell);
      block->cell_ends.push_back(static_cast<uint32_t>(block->arena.size()));
      entry->bytes += cell.size();
    }
    block->has_rows = true;
  }

  // Ends a block in the middle of its input.
  bool Cut(const Block* block) {
    last_arena_bytes_ = block->arena.size();
    last_cells_ = block->cell_ends.size();
    last_entries_ = block->entries.size();
    return true;
  }

  void EndInput(const IngestInput& input, Block* block) {
    bytes_before_ += std::max<int64_t>(input.size, 0);
    block->end_input_bytes = bytes_before_;
    ++file_;
    records_ = 0;
    last_line_ = 0;
  }

  std::vector<IngestInput>& inputs_;
  const std::vector<ColumnOverride>& overrides_;
  const size_t block_rows_;
  const size_t block_bytes_;
  size_t file_ = 0;
  int64_t next_sequence_ = 0;
  int64_t records_ = 0;          // of the current input, skipped included
  int64_t last_line_ = 0;        // of the current input's last record
  int64_t rows_ = 0;             // not skipped, all inputs
  int64_t bytes_before_ = 0;     // of the inputs already read
  bool stopped_ = false;         // after a read error
  size_t last_arena_bytes_ = 0;  // sizes of the last block cut
  size_t last_cells_ = 0;
  size_t last_entries_ = 0;
  Record record_;
  // A record read but left for the next block (its mapping changes).
  std::optional<RecordReader::Result> pending_;
};

// Stage 2: builds the events of a block. Thread-safe (pure).
void BuildBlock(Block* block) {
  std::vector<std::string_view> cells;
  const std::string_view arena = block->arena;
  block->events.reserve(block->entries.size());
  google::protobuf::ArenaOptions arena_options;
  arena_options.start_block_size = 64 << 10;
  arena_options.max_block_size = 1 << 20;
  block->event_arena = std::make_shared<google::protobuf::Arena>(arena_options);
  for (Entry& entry : block->entries) {
    if (entry.kind != Entry::Kind::kRow) continue;
    cells.clear();
    for (uint32_t i = entry.first_cell; i < entry.first_cell + entry.cell_count;
         ++i) {
      const uint32_t begin = i == 0 ? 0 : block->cell_ends[i - 1];
      cells.push_back(arena.substr(begin, block->cell_ends[i] - begin));
    }
    auto* event = google::protobuf::Arena::CreateMessage<eventgraph::v1::Event>(
        block->event_arena.get());
    if (auto error = BuildEvent(*block->mapping, cells, event)) {
      entry.failed = true;  // the event stays unused on the arena
      block->errors.push_back(*std::move(error));
    } else {
      block->events.push_back(event);
    }
  }
}

// Stage 3: takes the blocks in order and sends their events in batches.
// Used by one thread.
class Sequencer {
 public:
  Sequencer(const IngestPipelineOptions& options,
            std::vector<std::string> paths,
            const IngestPipeline::SendFunction& send, RejectLog* rejects,
            IngestCounters* counters, CheckpointTracker* tracker)
      : options_(options),
        paths_(std::move(paths)),
        send_(send),
        rejects_(rejects),
        counters_(counters),
        tracker_(tracker) {
    StartBatch();
  }

  // Handles one block (the next in reading order). Returns false when the
  // pipeline must stop: the sender failed, or *status is set to the block's
  // read error (after the batch being filled, the rows before the error, is
  // sent).
  bool Take(Block* block, absl::Status* status) {
    const std::string& path = paths_[block->file];
    size_t rejection = 0;
    size_t error = 0;
    size_t event = 0;
    for (const Entry& entry : block->entries) {
      position_ = InputMark{block->file, entry.line, entry.record};
      if (entry.kind == Entry::Kind::kSkipped) {
        ++counters_->skipped;
        continue;
      }
      ++counters_->rows;
      if (entry.input_bytes >= 0) counters_->input_bytes = entry.input_bytes;
      if (entry.kind == Entry::Kind::kRejected || entry.failed) {
        const RowError& row_error = entry.kind == Entry::Kind::kRejected
                                        ? block->rejections[rejection++]
                                        : block->errors[error++];
        rejects_->Add(path, entry.line, row_error.field, row_error.reason);
        ++counters_->rejected;
        continue;
      }
      batch_->AddArenaEvent(block->event_arena, block->events[event++]);
      batch_->origins.push_back({block->file, entry.line});
      batch_bytes_ += entry.bytes;
      if (batch_->request.events_size() >= options_.batch_size ||
          batch_bytes_ >= options_.max_batch_bytes) {
        if (!Flush()) return false;
      }
    }
    switch (block->end) {
      case BlockEnd::kMore:
        break;
      case BlockEnd::kDoneBefore:
        counters_->skipped += block->end_records;
        [[fallthrough]];
      case BlockEnd::kInputDone:
        if (tracker_ != nullptr) {
          tracker_->InputDone(block->file, block->end_records,
                              block->end_last_line);
        }
        counters_->input_bytes = block->end_input_bytes;
        break;
      case BlockEnd::kReadError:
        *status = block->read_error;
        // The rows read before the damage are sent (a cut or corrupt file
        // loses only what cannot be read); the caller reports the error.
        Finish();
        return false;
    }
    return true;
  }

  // After the last block: sends the batch being filled. Returns false if
  // the sender failed.
  bool Finish() { return batch_->request.events_size() == 0 || Flush(); }

 private:
  // Sends the batch being filled and starts the next.
  bool Flush() {
    if (tracker_ != nullptr) tracker_->Sent(batch_->id, position_);
    const bool sent = send_(std::move(batch_));
    StartBatch();
    return sent;
  }

  void StartBatch() {
    batch_ = std::make_shared<IngestBatch>();
    batch_->id = next_batch_id_++;
    batch_->request.set_bulk(options_.bulk);
    batch_->origins.reserve(options_.batch_size);
    batch_bytes_ = 0;
  }

  const IngestPipelineOptions& options_;
  const std::vector<std::string> paths_;
  const IngestPipeline::SendFunction& send_;
  RejectLog* const rejects_;
  IngestCounters* const counters_;
  CheckpointTracker* const tracker_;  // nullptr without --resume
  std::shared_ptr<IngestBatch> batch_;
  size_t batch_bytes_ = 0;
  int64_t next_batch_id_ = 0;
  InputMark position_;  // the last record handled
};

// Runs the stages on the caller's thread, a block at a time.
absl::Status RunInline(BlockReader* reader, Sequencer* sequencer) {
  absl::Status status;
  while (true) {
    Block block;
    if (!reader->Next(&block)) break;
    BuildBlock(&block);
    if (!sequencer->Take(&block, &status)) return status;
  }
  sequencer->Finish();
  return absl::OkStatus();
}

// The reading thread, the workers and the sequencer (the caller's thread).
class ThreadedRun {
 public:
  ThreadedRun(BlockReader* reader, Sequencer* sequencer, int workers)
      : reader_(reader),
        sequencer_(sequencer),
        max_blocks_(static_cast<size_t>(workers) * 2) {
    threads_.emplace_back([this] { Read(); });
    for (int i = 0; i < workers; ++i) {
      threads_.emplace_back([this] { Build(); });
    }
  }

  // Stops and joins the threads; the blocks left are freed.
  ~ThreadedRun() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    space_.notify_all();
    work_.notify_all();
    for (std::thread& thread : threads_) thread.join();
  }

  ThreadedRun(const ThreadedRun&) = delete;
  ThreadedRun& operator=(const ThreadedRun&) = delete;

  // The sequencer's loop.
  absl::Status Sequence() {
    absl::Status status;
    for (int64_t next = 0;; ++next) {
      std::unique_ptr<Block> block;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        built_cv_.wait(lock, [&] {
          return built_.count(next) > 0 || (read_done_ && next == read_count_);
        });
        const auto it = built_.find(next);
        if (it == built_.end()) break;  // every block is done
        block = std::move(it->second);
        built_.erase(it);
      }
      const bool go_on = sequencer_->Take(block.get(), &status);
      block.reset();  // free it before making room for the next
      if (!go_on) return status;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        --outstanding_;
      }
      space_.notify_one();
    }
    sequencer_->Finish();
    return absl::OkStatus();
  }

 private:
  // The reading thread.
  void Read() {
    int64_t count = 0;
    while (true) {
      {
        std::unique_lock<std::mutex> lock(mutex_);
        space_.wait(lock,
                    [&] { return stopping_ || outstanding_ < max_blocks_; });
        if (stopping_) break;
      }
      auto block = std::make_unique<Block>();
      if (!reader_->Next(block.get())) break;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        if (stopping_) break;
        ++outstanding_;
        to_build_.push_back(std::move(block));
        ++count;
      }
      work_.notify_one();
    }
    {
      std::lock_guard<std::mutex> lock(mutex_);
      read_done_ = true;
      read_count_ = count;
    }
    work_.notify_all();
    built_cv_.notify_all();
  }

  // A worker thread.
  void Build() {
    while (true) {
      std::unique_ptr<Block> block;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        work_.wait(lock, [&] {
          return stopping_ || !to_build_.empty() || read_done_;
        });
        if (stopping_ || to_build_.empty()) return;
        block = std::move(to_build_.front());
        to_build_.pop_front();
      }
      BuildBlock(block.get());
      {
        std::lock_guard<std::mutex> lock(mutex_);
        const int64_t sequence = block->sequence;
        built_.emplace(sequence, std::move(block));
      }
      built_cv_.notify_one();
    }
  }

  BlockReader* const reader_;
  Sequencer* const sequencer_;
  const size_t max_blocks_;

  std::mutex mutex_;
  std::condition_variable space_;     // outstanding_ fell, or stopping_
  std::condition_variable work_;      // to_build_ grew, read_done_, stopping_
  std::condition_variable built_cv_;  // built_ grew, or read_done_
  size_t outstanding_ = 0;            // blocks read and not yet sequenced
  std::deque<std::unique_ptr<Block>> to_build_;
  std::map<int64_t, std::unique_ptr<Block>> built_;  // by sequence
  bool read_done_ = false;
  int64_t read_count_ = 0;  // blocks read, once read_done_
  bool stopping_ = false;

  std::vector<std::thread> threads_;
};

}  // namespace

int DefaultParseThreads() {
  // Half the cores: a loader usually shares the machine with the server
  // (on 2 cores a second parse thread made the load slower, see
  // docs/PERFORMANCE.md).
  const unsigned cores = std::thread::hardware_concurrency();
  return static_cast<int>(std::clamp(cores / 2, 1u, 4u));
}

IngestPipeline::IngestPipeline(const IngestPipelineOptions& options,
                               const std::vector<ColumnOverride>* overrides,
                               SendFunction send, RejectLog* rejects,
                               IngestCounters* counters,
                               CheckpointTracker* tracker)
    : options_(options),
      overrides_(overrides),
      send_(std::move(send)),
      rejects_(rejects),
      counters_(counters),
      tracker_(tracker) {}

IngestPipeline::~IngestPipeline() = default;

absl::Status IngestPipeline::Run(std::vector<IngestInput>* inputs) {
  std::vector<std::string> paths;
  paths.reserve(inputs->size());
  for (const IngestInput& input : *inputs) paths.push_back(input.path);
  const size_t block_rows =
      options_.block_rows > 0
          ? static_cast<size_t>(options_.block_rows)
          : static_cast<size_t>(std::max(options_.batch_size, kMinBlockRows));
  BlockReader reader(inputs, overrides_, block_rows, options_.max_batch_bytes);
  Sequencer sequencer(options_, std::move(paths), send_, rejects_, counters_,
                      tracker_);
  if (options_.parse_threads <= 1) return RunInline(&reader, &sequencer);
  ThreadedRun run(&reader, &sequencer, options_.parse_threads);
  return run.Sequence();
}

}  // namespace eventgraph::client
