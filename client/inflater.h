// Inflater decompresses DEFLATE data (RFC 1951) as it is read, with Intel's
// ISA-L (igzip), which inflates GDELT-shaped text about three times faster
// than zlib: on a 10M-event bulk load, zlib's inflate was a fifth of the
// client's CPU.
//
// Two framings:
//  - kGzip: a gzip file (RFC 1952) of one or more members, one after another,
//    as gzip, pigz and `cat a.gz b.gz` write them; each member's header is
//    parsed (with its optional fields and their CRC) and its CRC-32 and
//    length are checked.
//    Zero bytes after the last member (tape padding) are ignored; anything
//    else there is DATA_LOSS.
//  - kRaw: bare deflate data (a ZIP member); the caller checks the CRC.
//
// Not thread-safe: one thread at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

struct inflate_state;  // <isa-l/igzip_lib.h>

namespace eventgraph::client {

class Inflater {
 public:
  enum class Framing { kGzip, kRaw };

  // Reads up to `size` compressed bytes into `buffer`; returns how many, 0
  // at the end of the input, or an error (passed on by Read()).
  using Source = std::function<absl::StatusOr<size_t>(char* buffer,
                                                      size_t size)>;

  // `start`: compressed bytes already taken from the source (a peek at the
  // magic bytes), inflated before anything the source gives. `name` only
  // names the input in messages.
  Inflater(Framing framing, Source source, std::string_view start,
           std::string name);
  ~Inflater();
  Inflater(const Inflater&) = delete;
  Inflater& operator=(const Inflater&) = delete;

  // Inflates up to `size` bytes into `buffer`; returns how many (fewer only
  // at the end, or before an error), 0 at the end of the data, or -1 on an
  // error: then status() is DATA_LOSS (corrupt or truncated data, a
  // checksum or length mismatch, trailing garbage) or the source's error.
  // The bytes inflated before an error are returned first (status() is
  // still OK then); the call after them returns -1, as do later calls.
  int64_t Read(char* buffer, size_t size);

  const absl::Status& status() const { return status_; }

  // Compressed bytes inflated so far (read from the source and used).
  int64_t consumed() const;

 private:
  // Reads more compressed bytes into input_; false at the end of the source
  // or on an error (then status_ is set).
  bool Fill();
  // At the start of a gzip member: reads and checks its header, then
  // starts inflating its body. False on an error.
  bool StartMember();
  // At the end of a gzip member: finds the next member, or ends the data at
  // the end of the input (skipping zero padding). False at the end or on an
  // error.
  bool NextMember();
  // Sets status_ to DATA_LOSS with `what`.
  void Fail(std::string_view what);

  const Framing framing_;
  Source source_;
  const std::string name_;
  bool member_start_;  // a gzip member's header comes next
  std::unique_ptr<inflate_state> state_;
  std::vector<unsigned char> input_;
  int64_t read_ = 0;  // compressed bytes taken from the source (and start)
  bool source_ended_ = false;
  bool done_ = false;
  absl::Status status_;
  absl::Status deferred_;  // an error after output: status_ on the next Read
};

}  // namespace eventgraph::client
