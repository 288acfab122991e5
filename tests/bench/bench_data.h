// The events a benchmark loads: the rows of a data file in any format the
// loader reads (client/record_reader.h, client/formats.h, mapped with the
// format's profile and built with client/event_builder.h, exactly as
// `eventgraph ingest` does), or synthetic GDELT-shaped events
// (client/synth_generator.h) written to a temporary file first.
//
// While it reads, an EventSource keeps a seeded reservoir sample of the
// events (actor, target, date), from which the query workloads draw their
// parameters, so that a run with the same seed repeats.
//
// Not thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "client/column_mapping.h"
#include "client/record_reader.h"
#include "eventgraph/v1/eventgraph.pb.h"

namespace eventgraph::bench {

struct SampledEvent {
  std::string actor;
  std::string target;
  std::string date;  // YYYY-MM-DD
};

class EventSource {
 public:
  // Opens `path` (format decided from the file, as `eventgraph ingest
  // --format auto`). `sample_size` events are kept in the reservoir.
  // Errors: those of RecordReader::Open; INVALID_ARGUMENT when no column
  // feeds a required field.
  static absl::StatusOr<std::unique_ptr<EventSource>> OpenFile(
      const std::string& path, uint64_t seed, size_t sample_size);

  // Generates `events` synthetic events (GDELT 2.0 layout, seeded) into
  // `folder`/synthetic.gdelt2.tsv and opens that file.
  static absl::StatusOr<std::unique_ptr<EventSource>> Generate(
      uint64_t events, uint64_t seed, const std::string& folder,
      size_t sample_size);

  // Fills *event (cleared first) with the next row that builds an event.
  // Rows the reader or the builder rejects are counted in rejected() and
  // skipped. Returns false at the end of the file; check status().
  bool Next(eventgraph::v1::Event* event);

  // Reads the rest of the file (sampling it) without handing out events.
  void Drain();

  const absl::Status& status() const { return reader_->status(); }
  const std::string& path() const { return path_; }
  int64_t rows() const { return rows_; }
  int64_t rejected() const { return rejected_; }
  int64_t line() const { return record_.line; }

  // The sample so far (all of it once the file is read).
  const std::vector<SampledEvent>& sample() const { return sample_; }

 private:
  EventSource() = default;
  void Sample(const eventgraph::v1::Event& event);

  std::string path_;
  std::unique_ptr<client::RecordReader> reader_;
  std::unique_ptr<client::ColumnMapping> mapping_;
  client::Record record_;
  int64_t rows_ = 0;
  int64_t rejected_ = 0;
  size_t sample_size_ = 0;
  std::vector<SampledEvent> sample_;
  std::mt19937_64 random_;
};

}  // namespace eventgraph::bench
