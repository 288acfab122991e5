// Byte encoding primitives, in the manner of LevelDB's util/coding.h.
//
// Fixed-width integers in keys are big-endian, so that the byte order of
// keys equals the numeric order. Signed values in keys have their sign bit
// flipped for the same reason. Values use little-endian varints and
// length-prefixed strings. Every Put* that appends has a Get* that consumes
// from the front of a string_view and returns false on short or bad input,
// leaving the output unspecified.
//
// Thread safety: all functions are thread-safe.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace eventgraph::storage {

inline void PutFixed32BE(std::string* dst, uint32_t v) {
  char buf[4] = {static_cast<char>(v >> 24), static_cast<char>(v >> 16),
                 static_cast<char>(v >> 8), static_cast<char>(v)};
  dst->append(buf, 4);
}

inline void PutFixed64BE(std::string* dst, uint64_t v) {
  PutFixed32BE(dst, static_cast<uint32_t>(v >> 32));
  PutFixed32BE(dst, static_cast<uint32_t>(v));
}

// A signed 32-bit value with its sign bit flipped, big-endian: byte order
// equals numeric order, negatives first.
inline void PutOrderedInt32(std::string* dst, int32_t v) {
  PutFixed32BE(dst, static_cast<uint32_t>(v) ^ 0x80000000u);
}

inline uint32_t DecodeFixed32BE(const char* p) {
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  return (uint32_t{u[0]} << 24) | (uint32_t{u[1]} << 16) |
         (uint32_t{u[2]} << 8) | uint32_t{u[3]};
}

inline uint64_t DecodeFixed64BE(const char* p) {
  return (uint64_t{DecodeFixed32BE(p)} << 32) | DecodeFixed32BE(p + 4);
}

inline int32_t DecodeOrderedInt32(const char* p) {
  return static_cast<int32_t>(DecodeFixed32BE(p) ^ 0x80000000u);
}

bool GetFixed32BE(std::string_view* input, uint32_t* v);
bool GetFixed64BE(std::string_view* input, uint64_t* v);
bool GetOrderedInt32(std::string_view* input, int32_t* v);

void PutVarint64(std::string* dst, uint64_t v);
bool GetVarint64(std::string_view* input, uint64_t* v);

// Zigzag-encoded signed varint.
void PutVarsint64(std::string* dst, int64_t v);
bool GetVarsint64(std::string_view* input, int64_t* v);

// IEEE 754 double, 8 bytes little-endian.
void PutDouble(std::string* dst, double v);
bool GetDouble(std::string_view* input, double* v);

void PutLengthPrefixed(std::string* dst, std::string_view s);
bool GetLengthPrefixed(std::string_view* input, std::string_view* s);
// The same, copying the bytes into *s.
bool GetLengthPrefixed(std::string_view* input, std::string* s);

}  // namespace eventgraph::storage
