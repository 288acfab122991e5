#include "storage/coding.h"

namespace eventgraph::storage {

bool GetFixed32BE(std::string_view* input, uint32_t* v) {
  if (input->size() < 4) return false;
  *v = DecodeFixed32BE(input->data());
  input->remove_prefix(4);
  return true;
}

bool GetFixed64BE(std::string_view* input, uint64_t* v) {
  if (input->size() < 8) return false;
  *v = DecodeFixed64BE(input->data());
  input->remove_prefix(8);
  return true;
}

bool GetOrderedInt32(std::string_view* input, int32_t* v) {
  if (input->size() < 4) return false;
  *v = DecodeOrderedInt32(input->data());
  input->remove_prefix(4);
  return true;
}

void PutVarint64(std::string* dst, uint64_t v) {
  char buf[10];
  int n = 0;
  while (v >= 0x80) {
    buf[n++] = static_cast<char>((v & 0x7F) | 0x80);
    v >>= 7;
  }
  buf[n++] = static_cast<char>(v);
  dst->append(buf, n);
}

bool GetVarint64(std::string_view* input, uint64_t* v) {
  uint64_t result = 0;
  for (int shift = 0, i = 0; shift <= 63 && i < static_cast<int>(input->size());
       shift += 7, ++i) {
    uint64_t byte = static_cast<unsigned char>((*input)[i]);
    if (shift == 63 && byte > 1) return false;  // overflow
    result |= (byte & 0x7F) << shift;
    if ((byte & 0x80) == 0) {
      *v = result;
      input->remove_prefix(i + 1);
      return true;
    }
  }
  return false;
}

void PutVarsint64(std::string* dst, int64_t v) {
  PutVarint64(dst, (static_cast<uint64_t>(v) << 1) ^
                       static_cast<uint64_t>(v >> 63));
}

bool GetVarsint64(std::string_view* input, int64_t* v) {
  uint64_t u;
  if (!GetVarint64(input, &u)) return false;
  *v = static_cast<int64_t>((u >> 1) ^ (~(u & 1) + 1));
  return true;
}

void PutDouble(std::string* dst, double v) {
  uint64_t bits;
  std::memcpy(&bits, &v, sizeof(bits));
  char buf[8];
  for (int i = 0; i < 8; ++i) buf[i] = static_cast<char>(bits >> (8 * i));
  dst->append(buf, 8);
}

bool GetDouble(std::string_view* input, double* v) {
  if (input->size() < 8) return false;
  uint64_t bits = 0;
  for (int i = 0; i < 8; ++i) {
    bits |= uint64_t{static_cast<unsigned char>((*input)[i])} << (8 * i);
  }
  std::memcpy(v, &bits, sizeof(bits));
  input->remove_prefix(8);
  return true;
}

void PutLengthPrefixed(std::string* dst, std::string_view s) {
  PutVarint64(dst, s.size());
  dst->append(s.data(), s.size());
}

bool GetLengthPrefixed(std::string_view* input, std::string_view* s) {
  uint64_t len;
  if (!GetVarint64(input, &len) || len > input->size()) return false;
  *s = input->substr(0, len);
  input->remove_prefix(len);
  return true;
}

bool GetLengthPrefixed(std::string_view* input, std::string* s) {
  std::string_view view;
  if (!GetLengthPrefixed(input, &view)) return false;
  s->assign(view.data(), view.size());
  return true;
}

}  // namespace eventgraph::storage
