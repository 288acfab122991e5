// UTF-8 helpers for the client: validation of input rows before they are
// put into protobuf string fields (which must hold valid UTF-8), and
// approximate display widths for table output.
//
// All functions are pure and thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace eventgraph::client {

// Returned by FindInvalidUtf8 when the text is valid.
inline constexpr size_t kValidUtf8 = std::string_view::npos;

// Returns the byte offset of the first byte that does not start a valid
// UTF-8 sequence, or kValidUtf8 when all of `text` is valid. Overlong
// encodings, UTF-16 surrogates (U+D800..U+DFFF), code points above U+10FFFF
// and truncated sequences are invalid. NUL bytes are valid UTF-8.
size_t FindInvalidUtf8(std::string_view text);

// Returns the number of code points in `text`, counting each as one column.
// REQUIRES: `text` is valid UTF-8 (invalid bytes count as one column each).
size_t DisplayWidth(std::string_view text);

// Returns `text` cut to at most `max_width` code points; when it had to be
// cut, the last kept code point is replaced by "…". Never splits a code point.
// REQUIRES: max_width >= 1.
std::string TruncateForDisplay(std::string_view text, size_t max_width);

}  // namespace eventgraph::client
