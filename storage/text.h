// Text normalization for actor names and other matched strings.
//
// A name is normalized by trimming ASCII white space at both ends and
// converting it to Unicode NFC; this form is what the server stores and
// returns. Names are matched by their folded form: the normalized name with
// Unicode full case folding applied (then NFC again). Two names with the same
// folded form are the same actor.
//
// Thread safety: all functions are thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace eventgraph::storage {

// True when `text` is well-formed UTF-8 (no overlongs, no surrogates).
bool IsValidUtf8(std::string_view text);

// True when `text` holds a C0 control character (U+0000..U+001F) or DEL.
bool HasControlCharacter(std::string_view text);

// Returns `text` without leading and trailing ASCII white space.
std::string_view TrimAscii(std::string_view text);

// Returns the trimmed NFC form. REQUIRES: IsValidUtf8(text).
std::string NormalizeName(std::string_view text);

// Returns the matching key of a name: NormalizeName, then case folding.
// REQUIRES: IsValidUtf8(text).
std::string FoldName(std::string_view text);

}  // namespace eventgraph::storage
