// A small RFC 4180 CSV writer for command output.
//
// A field is quoted when it contains ',', '"', CR or LF, or starts or ends
// with a space (which some readers trim); inside quotes '"' is doubled.
// Records end with "\n".
//
// CsvField is pure and thread-safe; a CsvWriter is not thread-safe.
#pragma once

#include <ostream>
#include <string>
#include <string_view>

#include "absl/types/span.h"

namespace eventgraph::client {

// Returns `field` ready to place between commas.
std::string CsvField(std::string_view field);

class CsvWriter {
 public:
  // `out` must outlive the writer.
  explicit CsvWriter(std::ostream* out) : out_(out) {}

  // Writes one record.
  void WriteRow(absl::Span<const std::string> fields);

 private:
  std::ostream* out_;
};

}  // namespace eventgraph::client
