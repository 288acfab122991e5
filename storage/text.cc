#include "storage/text.h"

#include <cstdint>
#include <cstring>

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include "absl/strings/ascii.h"

namespace eventgraph::storage {
namespace {

// Word-at-a-time tests of 8 bytes (each exact for "any byte"; they may
// flag the wrong byte, so callers only use them to skip clean words).
constexpr uint64_t kOnes = 0x0101010101010101ULL;
constexpr uint64_t kHighBits = 0x8080808080808080ULL;

uint64_t LoadWord(const unsigned char* p) {
  uint64_t w;
  std::memcpy(&w, p, sizeof(w));
  return w;
}

// Nonzero when a byte of `w` is 0x80 or above.
uint64_t AnyHighByte(uint64_t w) { return w & kHighBits; }

// Nonzero when a byte of `w` is below 0x20 or is 0x7F (DEL), provided no
// byte is 0x80 or above (callers test AnyHighByte as well).
uint64_t AnyControlByte(uint64_t w) {
  const uint64_t below_space = (w - 0x20 * kOnes) & ~w;
  const uint64_t del = w ^ (0x7F * kOnes);
  const uint64_t is_del = (del - kOnes) & ~del;
  return (below_space | is_del) & kHighBits;
}

bool IsControlByte(unsigned char c) { return c < 0x20 || c == 0x7F; }

bool IsAscii(std::string_view text) {
  for (unsigned char c : text) {
    if (c >= 0x80) return false;
  }
  return true;
}

std::string ToNfc(const icu::UnicodeString& text) {
  UErrorCode error = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(error);
  std::string out;
  if (U_FAILURE(error)) {
    text.toUTF8String(out);
    return out;
  }
  icu::UnicodeString normalized = nfc->normalize(text, error);
  if (U_FAILURE(error)) normalized = text;
  normalized.toUTF8String(out);
  return out;
}

}  // namespace

bool IsValidUtf8(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    // ASCII, the common case, eight bytes at a time.
    while (i + 8 <= n && AnyHighByte(LoadWord(s + i)) == 0) i += 8;
    if (i == n) break;
    unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    int len;
    uint32_t cp;
    if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > n) return false;
    for (int k = 1; k < len; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) ||
        (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += len;
  }
  return true;
}

bool HasControlCharacter(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  size_t i = 0;
  // Words of printable ASCII are skipped whole; any other word (UTF-8 text
  // or a control character) is looked at byte by byte.
  for (; i + 8 <= n; i += 8) {
    const uint64_t w = LoadWord(s + i);
    if ((AnyHighByte(w) | AnyControlByte(w)) == 0) continue;
    for (size_t k = i; k < i + 8; ++k) {
      if (IsControlByte(s[k])) return true;
    }
  }
  for (; i < n; ++i) {
    if (IsControlByte(s[i])) return true;
  }
  return false;
}

std::string_view TrimAscii(std::string_view text) {
  size_t begin = 0, end = text.size();
  while (begin < end && absl::ascii_isspace(static_cast<unsigned char>(text[begin]))) ++begin;
  while (end > begin && absl::ascii_isspace(static_cast<unsigned char>(text[end - 1]))) --end;
  return text.substr(begin, end - begin);
}

std::string NormalizeName(std::string_view text) {
  std::string_view trimmed = TrimAscii(text);
  if (IsAscii(trimmed)) return std::string(trimmed);
  return ToNfc(icu::UnicodeString::fromUTF8(
      icu::StringPiece(trimmed.data(), static_cast<int32_t>(trimmed.size()))));
}

std::string FoldName(std::string_view text) {
  std::string_view trimmed = TrimAscii(text);
  if (IsAscii(trimmed)) {
    std::string lower(trimmed);
    absl::AsciiStrToLower(&lower);
    return lower;
  }
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(
      icu::StringPiece(trimmed.data(), static_cast<int32_t>(trimmed.size())));
  // Normalize first so that decomposed and composed input fold alike.
  UErrorCode error = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(error);
  if (U_SUCCESS(error)) {
    icu::UnicodeString n = nfc->normalize(u, error);
    if (U_SUCCESS(error)) u = n;
  }
  u.foldCase(U_FOLD_CASE_DEFAULT);
  return ToNfc(u);
}

}  // namespace eventgraph::storage
