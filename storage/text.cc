#include "storage/text.h"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include "absl/strings/ascii.h"

namespace eventgraph::storage {
namespace {

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
  for (unsigned char c : text) {
    if (c < 0x20 || c == 0x7F) return true;
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
