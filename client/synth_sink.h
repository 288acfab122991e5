// Where `eventgraph generate` writes: a file or standard output, optionally
// through gzip, or (for tests) a string.
//
// Gzip output uses ISA-L's fastest level (igzip -1: four times zlib's
// fastest, and smaller files on GDELT-shaped text) and a header without a
// time stamp or an operating system (OS byte 255), so the same text gives
// the same bytes on every platform with the same ISA-L.
//
// A sink is not thread-safe: one thread calls its methods (the background
// sink writes from a thread of its own, behind that interface).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace eventgraph::client {

class SynthSink {
 public:
  virtual ~SynthSink() = default;

  // Appends `data`. Errors: UNKNOWN (or RESOURCE_EXHAUSTED for a full disk)
  // naming the destination and the system's reason.
  virtual absl::Status Write(std::string_view data) = 0;

  // Flushes everything and closes the destination (standard output is
  // flushed, not closed). Call once, after the last Write. Errors as
  // Write's.
  virtual absl::Status Close() = 0;

  // Bytes that reached the destination so far (compressed, for gzip).
  virtual uint64_t bytes_written() const = 0;
};

// Appends to *out, which must outlive the sink.
std::unique_ptr<SynthSink> NewStringSink(std::string* out);

// Creates or truncates `path` ("-": standard output).
// Errors: those of open(2) as NOT_FOUND, PERMISSION_DENIED or UNKNOWN, with
// the path.
absl::StatusOr<std::unique_ptr<SynthSink>> OpenFileSink(
    const std::string& path);

// Passes the data on to `destination` from a thread of its own, so that
// generating the next chunk overlaps writing (or compressing) the last one.
// Write() copies the data and returns at once unless four chunks are
// already waiting; an error of the destination is returned by a later
// Write() or by Close(), which waits for everything to be written.
std::unique_ptr<SynthSink> NewBackgroundSink(
    std::unique_ptr<SynthSink> destination);

// Compresses into `destination` (gzip format).
// Errors: INTERNAL if ISA-L cannot start.
absl::StatusOr<std::unique_ptr<SynthSink>> NewGzipSink(
    std::unique_ptr<SynthSink> destination);

}  // namespace eventgraph::client
