// What the loader derives from a CAMEO event code when a file lacks it, by
// the built-in codebook (storage/reference/cameo_codebook.h), the same one
// the server fills events in with: the CLI and the server agree.
//
// CAMEO codes are text of 2 to 4 digits whose first two digits are the root
// (01..20): "010" is not "10". The quad class follows from the root:
// 01-05 verbal cooperation (1), 06-08 material cooperation (2), 09-13
// verbal conflict (3), 14-20 material conflict (4).
//
// Pure code, thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace eventgraph::client {

// Returns the quad class 1..4 of `code` by its root, or 0 when `code` does
// not start with two digits forming a root 01..20 (surrounding white space
// is ignored).
int QuadClassOfCameoCode(std::string_view code);

// Returns the action text of an event whose source gives only a code (GDELT
// has no action text, and the server requires one): the code's name in the
// codebook ("042" -> "Make a visit"), or "CAMEO " + the code for a code the
// codebook lacks (surrounding white space is ignored).
std::string CameoAction(std::string_view code);

}  // namespace eventgraph::client
