#include "client/csv_writer.h"

namespace eventgraph::client {

std::string CsvField(std::string_view field) {
  const bool quote =
      field.find_first_of(",\"\r\n") != std::string_view::npos ||
      (!field.empty() && (field.front() == ' ' || field.back() == ' '));
  if (!quote) return std::string(field);
  std::string quoted;
  quoted.reserve(field.size() + 2);
  quoted.push_back('"');
  for (char c : field) {
    if (c == '"') quoted.push_back('"');
    quoted.push_back(c);
  }
  quoted.push_back('"');
  return quoted;
}

void CsvWriter::WriteRow(absl::Span<const std::string> fields) {
  bool first = true;
  for (const std::string& field : fields) {
    if (!first) out_->put(',');
    first = false;
    *out_ << CsvField(field);
  }
  out_->put('\n');
}

}  // namespace eventgraph::client
