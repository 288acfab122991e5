#include "client/utf8.h"

#include <cstdint>
#include <cstring>

namespace eventgraph::client {
namespace {

constexpr uint64_t kHighBits = 0x8080808080808080ULL;

bool IsContinuation(unsigned char byte) { return (byte & 0xC0) == 0x80; }

// Returns the length of the valid sequence at text[pos], or 0 if invalid.
size_t ValidSequenceLength(std::string_view text, size_t pos) {
  const auto byte = [&](size_t i) {
    return static_cast<unsigned char>(text[pos + i]);
  };
  const unsigned char lead = byte(0);
  const size_t left = text.size() - pos;
  if (lead < 0x80) return 1;
  if (lead < 0xC2) return 0;  // continuation byte or overlong 2-byte lead
  if (lead < 0xE0) {
    return left >= 2 && IsContinuation(byte(1)) ? 2 : 0;
  }
  if (lead < 0xF0) {
    if (left < 3 || !IsContinuation(byte(1)) || !IsContinuation(byte(2))) {
      return 0;
    }
    if (lead == 0xE0 && byte(1) < 0xA0) return 0;   // overlong
    if (lead == 0xED && byte(1) >= 0xA0) return 0;  // surrogate
    return 3;
  }
  if (lead < 0xF5) {
    if (left < 4 || !IsContinuation(byte(1)) || !IsContinuation(byte(2)) ||
        !IsContinuation(byte(3))) {
      return 0;
    }
    if (lead == 0xF0 && byte(1) < 0x90) return 0;   // overlong
    if (lead == 0xF4 && byte(1) >= 0x90) return 0;  // above U+10FFFF
    return 4;
  }
  return 0;
}

}  // namespace

size_t FindInvalidUtf8(std::string_view text) {
  size_t pos = 0;
  while (pos < text.size()) {
    // Fast path: skip eight ASCII bytes at a time.
    if (text.size() - pos >= 8) {
      uint64_t word;
      std::memcpy(&word, text.data() + pos, sizeof(word));
      if ((word & kHighBits) == 0) {
        pos += 8;
        continue;
      }
    }
    const size_t length = ValidSequenceLength(text, pos);
    if (length == 0) return pos;
    pos += length;
  }
  return kValidUtf8;
}

size_t DisplayWidth(std::string_view text) {
  size_t width = 0;
  for (char c : text) {
    if (!IsContinuation(static_cast<unsigned char>(c))) ++width;
  }
  return width;
}

std::string TruncateForDisplay(std::string_view text, size_t max_width) {
  if (DisplayWidth(text) <= max_width) return std::string(text);
  // Keep max_width - 1 code points, then the ellipsis.
  size_t kept = 0;
  size_t end = 0;
  while (end < text.size()) {
    if (!IsContinuation(static_cast<unsigned char>(text[end]))) {
      if (kept == max_width - 1) break;
      ++kept;
    }
    ++end;
  }
  std::string result(text.substr(0, end));
  result += "\xE2\x80\xA6";  // U+2026 HORIZONTAL ELLIPSIS
  return result;
}

}  // namespace eventgraph::client
