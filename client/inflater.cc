#include "client/inflater.h"

#include <isa-l/crc.h>
#include <isa-l/igzip_lib.h>

#include <algorithm>
#include <cstring>
#include <utility>

#include "absl/strings/str_cat.h"
#include "client/absl_compat.h"

namespace eventgraph::client {
namespace {

constexpr size_t kInputBytes = 256 << 10;
// A longer header (a name or comment without its end) is refused rather
// than held in memory whole. Headers are tens of bytes; an extra field is
// at most 64 KiB.
constexpr size_t kMaxHeaderBytes = 1 << 20;
constexpr std::string_view kTruncated =
    "the gzip data ends early (a truncated file?)";

// The size of the gzip member header at p[0, n) (RFC 1952, 2.3), with its
// optional fields; 0 when it needs more bytes, or when it is bad (then
// *error says why). ISA-L parses headers too, but one split across two
// inputs came out wrong (its header CRC, its extra field).
size_t GzipHeaderSize(const unsigned char* p, size_t n,
                      std::string_view* error) {
  constexpr unsigned char kHeaderCrc = 0x02, kExtra = 0x04, kName = 0x08,
                          kComment = 0x10, kReserved = 0xE0;
  if (n < 10) return 0;
  if (p[0] != 0x1f || p[1] != 0x8b) {
    *error = "not gzip data";
    return 0;
  }
  if (p[2] != 8) {
    *error = "unsupported gzip compression method";
    return 0;
  }
  const unsigned char flags = p[3];
  if ((flags & kReserved) != 0) {
    *error = "corrupt data (reserved gzip header flags)";
    return 0;
  }
  size_t at = 10;
  if ((flags & kExtra) != 0) {
    if (n < at + 2) return 0;
    at += 2 + (p[at] | (size_t{p[at + 1]} << 8));
    if (n < at) return 0;
  }
  for (unsigned char field : {kName, kComment}) {
    if ((flags & field) == 0) continue;
    const void* zero = std::memchr(p + at, 0, n - at);
    if (zero == nullptr) return 0;
    at = static_cast<size_t>(static_cast<const unsigned char*>(zero) - p) + 1;
  }
  if ((flags & kHeaderCrc) != 0) {
    if (n < at + 2) return 0;
    const uint32_t crc = crc32_gzip_refl(0, const_cast<unsigned char*>(p), at);
    if ((crc & 0xFFFF) != (p[at] | (uint32_t{p[at + 1]} << 8))) {
      *error = "corrupt data (gzip header CRC mismatch)";
      return 0;
    }
    at += 2;
  }
  return at;
}

// isal_inflate's errors for raw deflate data and gzip bodies (headers are
// parsed above, so its wrapper errors cannot come).
std::string_view ErrorText(int code) {
  switch (code) {
    case ISAL_INVALID_BLOCK:
      return "corrupt data (invalid deflate block)";
    case ISAL_INVALID_SYMBOL:
      return "corrupt data (invalid deflate symbol)";
    case ISAL_INVALID_LOOKBACK:
      return "corrupt data (invalid back-reference distance)";
    case ISAL_INCORRECT_CHECKSUM:
      return "corrupt data (CRC-32 or length mismatch)";
    default:
      return "corrupt data";
  }
}

}  // namespace

Inflater::Inflater(Framing framing, Source source, std::string_view start,
                   std::string name)
    : framing_(framing),
      source_(std::move(source)),
      name_(std::move(name)),
      member_start_(framing == Framing::kGzip),
      state_(std::make_unique<inflate_state>()),
      input_(std::max(kInputBytes, start.size())) {
  isal_inflate_init(state_.get());
  if (!start.empty()) std::memcpy(input_.data(), start.data(), start.size());
  state_->next_in = input_.data();
  state_->avail_in = static_cast<uint32_t>(start.size());
  read_ = static_cast<int64_t>(start.size());
}

Inflater::~Inflater() = default;

int64_t Inflater::consumed() const { return read_ - state_->avail_in; }

void Inflater::Fail(std::string_view what) {
  status_ = absl::DataLossError(
      name_.empty() ? std::string(what)
                    : absl::StrCat("\"", name_, "\": ", ToAbsl(what)));
}

bool Inflater::Fill() {
  if (source_ended_) return false;
  // Unused bytes move to the front; new ones follow them.
  const size_t kept = state_->avail_in;
  if (kept > 0 && state_->next_in != input_.data()) {
    std::memmove(input_.data(), state_->next_in, kept);
  }
  if (kept == input_.size()) input_.resize(2 * input_.size());
  absl::StatusOr<size_t> got =
      source_(reinterpret_cast<char*>(input_.data()) + kept,
              input_.size() - kept);
  if (!got.ok()) {
    status_ = got.status();
    return false;
  }
  state_->next_in = input_.data();
  state_->avail_in = static_cast<uint32_t>(kept + *got);
  read_ += static_cast<int64_t>(*got);
  if (*got == 0) source_ended_ = true;
  return *got > 0;
}

bool Inflater::StartMember() {
  while (true) {
    std::string_view error;
    const size_t header =
        GzipHeaderSize(state_->next_in, state_->avail_in, &error);
    if (!error.empty()) {
      Fail(error);
      return false;
    }
    if (header > 0) {
      uint8_t* const body = state_->next_in + header;
      const uint32_t left = static_cast<uint32_t>(state_->avail_in - header);
      isal_inflate_reset(state_.get());
      // The deflate data, then the trailer ISA-L checks: CRC-32 and length.
      state_->crc_flag = ISAL_GZIP_NO_HDR_VER;
      state_->next_in = body;
      state_->avail_in = left;
      member_start_ = false;
      return true;
    }
    if (state_->avail_in > kMaxHeaderBytes) {
      Fail("corrupt data (a gzip header longer than 1 MiB)");
      return false;
    }
    if (!Fill()) {
      if (status_.ok()) Fail(kTruncated);
      return false;
    }
  }
}

bool Inflater::NextMember() {
  bool padding = false;  // zero bytes seen: nothing but zeros may follow
  while (true) {
    if (state_->avail_in < 2 && Fill()) continue;
    if (!status_.ok()) return false;
    // Two bytes or more, or the last ones.
    const unsigned char* in = state_->next_in;
    const unsigned char* end = in + state_->avail_in;
    if (!padding && in != end && in[0] == 0x1f) {
      if (end - in < 2) {
        Fail(kTruncated);  // the first byte of a member, alone
        return false;
      }
      if (in[1] == 0x8b) {
        member_start_ = true;
        return true;
      }
    }
    if (std::any_of(in, end, [](unsigned char c) { return c != 0; })) {
      Fail("trailing data after the gzip data");
      return false;
    }
    padding = padding || in != end;
    state_->next_in += state_->avail_in;
    state_->avail_in = 0;
    if (source_ended_) {
      done_ = true;  // the end of the last member, or of its padding
      return false;
    }
  }
}

int64_t Inflater::Read(char* buffer, size_t size) {
  if (!deferred_.ok()) status_ = std::exchange(deferred_, absl::OkStatus());
  if (!status_.ok()) return -1;
  if (done_ || size == 0) return 0;
  size = std::min<size_t>(size, size_t{1} << 30);  // fits avail_out
  state_->next_out = reinterpret_cast<uint8_t*>(buffer);
  state_->avail_out = static_cast<uint32_t>(size);
  // An error after some output: the output is returned, the error by the
  // next call.
  auto failed = [&]() -> int64_t {
    const size_t produced = size - state_->avail_out;
    if (produced == 0) return -1;
    deferred_ = std::exchange(status_, absl::OkStatus());
    return static_cast<int64_t>(produced);
  };
  while (state_->avail_out > 0) {
    if (member_start_ && !StartMember()) return failed();
    if (state_->block_state == ISAL_BLOCK_FINISH) {
      // ISA-L checked the member's CRC-32 and length.
      if (framing_ == Framing::kRaw) {
        done_ = true;
        break;
      }
      if (!NextMember()) {
        if (!status_.ok()) return failed();
        break;  // done_
      }
      continue;
    }
    const uint32_t avail_in = state_->avail_in;
    const uint32_t avail_out = state_->avail_out;
    const int result = isal_inflate(state_.get());
    if (result != ISAL_DECOMP_OK) {
      Fail(ErrorText(result));
      return failed();
    }
    if (state_->block_state == ISAL_BLOCK_FINISH) continue;
    if (state_->avail_out == 0) break;
    // Output room is left, so the input ran out (or was too short to go
    // on): more is needed.
    if (state_->avail_in == 0 ||
        (state_->avail_in == avail_in && state_->avail_out == avail_out)) {
      if (!Fill()) {
        if (status_.ok()) {
          Fail(framing_ == Framing::kGzip ? kTruncated
                                          : "the deflate data ends early");
        }
        return failed();
      }
    }
  }
  return static_cast<int64_t>(size - state_->avail_out);
}

}  // namespace eventgraph::client
