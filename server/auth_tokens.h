// The token file of --tokens and the constant-time lookup of a presented
// token.
//
// File format: one `ROLE TOKEN` pair a line (blanks between, around and at
// the ends ignored); `#` starts a comment line; blank lines are skipped.
// ROLE is reader, writer or admin. TOKEN is 16 to 256 printable ASCII
// characters without blanks (it travels in an HTTP/2 header). A token may
// appear once.
//
// Error messages name the line and never contain a token.
//
// Thread safety: a TokenSet is immutable after parsing; Find is thread-safe.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/method_roles.h"

namespace eventgraph::server {

inline constexpr size_t kMinTokenLength = 16;
inline constexpr size_t kMaxTokenLength = 256;

class TokenSet {
 public:
  struct Match {
    Role role;
    int index;  // position in the file (0-based): names the client in logs
  };

  // Parses the text of a token file. InvalidArgument naming the line
  // ("line 3: unknown role \"root\" ...") for a bad line or a repeated
  // token, or when the file holds no token.
  static absl::StatusOr<TokenSet> Parse(absl::string_view text);

  // Reads and parses `path`. NotFound / PermissionDenied when it cannot be
  // read; the errors of Parse prefixed with the path.
  static absl::StatusOr<TokenSet> Load(const std::string& path);

  // The entry whose token equals `token`, or nullopt. The time taken does
  // not depend on where the token differs from any stored token, nor on
  // which entry matches: every entry is compared over kMaxTokenLength bytes.
  std::optional<Match> Find(absl::string_view token) const;

  // Tokens per role, for the startup log line.
  int Count(Role role) const;
  int size() const { return static_cast<int>(entries_.size()); }

 private:
  struct Entry {
    Role role;
    size_t length;
    std::array<unsigned char, kMaxTokenLength> bytes;  // zero-padded
  };
  std::vector<Entry> entries_;
};

}  // namespace eventgraph::server
