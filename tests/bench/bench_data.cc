#include "tests/bench/bench_data.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "client/event_builder.h"
#include "client/format_profiles.h"
#include "client/synth_generator.h"
#include "client/synth_sink.h"

namespace eventgraph::bench {

absl::StatusOr<std::unique_ptr<EventSource>> EventSource::OpenFile(
    const std::string& path, uint64_t seed, size_t sample_size) {
  auto reader = client::RecordReader::Open(path, client::InputFormat::kAuto);
  if (!reader.ok()) return reader.status();
  std::unique_ptr<EventSource> source(new EventSource());
  source->path_ = path;
  source->reader_ = *std::move(reader);
  source->mapping_ = std::make_unique<client::ColumnMapping>(
      client::ColumnMapping::Build(source->reader_->columns(), {},
                                   client::ProfileFor(source->reader_->format())));
  if (!source->mapping_->MissingRequired().empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": no column for a required field (actor, action, "
                           "target, date)"));
  }
  source->sample_size_ = sample_size;
  source->random_.seed(seed);
  return source;
}

absl::StatusOr<std::unique_ptr<EventSource>> EventSource::Generate(
    uint64_t events, uint64_t seed, const std::string& folder,
    size_t sample_size) {
  client::SynthOptions options;
  options.events = events;
  options.seed = seed;
  options.format = client::SynthFormat::kGdelt2;
  auto generator = client::SynthGenerator::Create(options);
  if (!generator.ok()) return generator.status();
  const std::string path = folder + "/synthetic.gdelt2.tsv";
  auto sink = client::OpenFileSink(path);
  if (!sink.ok()) return sink.status();
  auto stats = (*generator)->Run(sink->get());
  if (!stats.ok()) return stats.status();
  if (absl::Status closed = (*sink)->Close(); !closed.ok()) return closed;
  return OpenFile(path, seed, sample_size);
}

bool EventSource::Next(eventgraph::v1::Event* event) {
  for (;;) {
    switch (reader_->Read(&record_)) {
      case client::RecordReader::Result::kEnd:
        return false;
      case client::RecordReader::Result::kRejected:
        ++rows_;
        ++rejected_;
        continue;
      case client::RecordReader::Result::kRow:
        break;
    }
    ++rows_;
    event->Clear();
    if (client::BuildEvent(*mapping_, record_.cells, event).has_value()) {
      ++rejected_;
      continue;
    }
    Sample(*event);
    return true;
  }
}

void EventSource::Drain() {
  eventgraph::v1::Event event;
  while (Next(&event)) {
  }
}

void EventSource::Sample(const eventgraph::v1::Event& event) {
  if (sample_size_ == 0) return;
  // Reservoir sampling (Algorithm R): every event equally likely.
  const uint64_t seen = static_cast<uint64_t>(rows_ - rejected_);
  size_t slot = sample_.size();
  if (sample_.size() >= sample_size_) {
    slot = static_cast<size_t>(random_() % seen);
    if (slot >= sample_size_) return;
  } else {
    sample_.emplace_back();
  }
  SampledEvent& kept = sample_[slot];
  kept.actor = event.actor();
  kept.target = event.target();
  kept.date = event.date();
}

}  // namespace eventgraph::bench
