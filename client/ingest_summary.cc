#include "client/ingest_summary.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client/csv_writer.h"
#include "nlohmann/json.hpp"

namespace eventgraph::client {
namespace {

// How many rejections the human summary shows.
constexpr size_t kTextRejections = 5;

// "gdelt1 (58 columns, no header) 2, icews (header) 1", in order of first
// appearance; a lone file is named.
std::string FormatCounts(const std::vector<IngestedFile>& inputs) {
  if (inputs.size() == 1) {
    return absl::StrCat(inputs[0].format, ": ", inputs[0].file);
  }
  std::vector<std::pair<std::string, int>> counts;
  for (const IngestedFile& input : inputs) {
    auto it = std::find_if(counts.begin(), counts.end(), [&](const auto& c) {
      return c.first == input.format;
    });
    if (it == counts.end()) {
      counts.emplace_back(input.format, 1);
    } else {
      ++it->second;
    }
  }
  std::vector<std::string> parts;
  for (const auto& [format, count] : counts) {
    parts.push_back(absl::StrCat(format, " ", count));
  }
  return absl::StrJoin(parts, ", ");
}

void PrintJson(const IngestSummary& summary, std::ostream& out) {
  nlohmann::ordered_json json;
  json["files"] = summary.files;
  json["rows"] = summary.rows;
  json["accepted"] = summary.accepted;
  json["duplicates"] = summary.duplicates;
  json["rejected"] = summary.rejected;
  json["skipped"] = summary.skipped;
  json["retries"] = summary.retries;
  json["seconds"] = summary.seconds;
  json["events_per_second"] = EventsPerSecond(summary);
  json["ignored_columns"] = summary.ignored_columns;
  json["inputs"] = nlohmann::ordered_json::array();
  for (const IngestedFile& input : summary.inputs) {
    json["inputs"].push_back(
        nlohmann::ordered_json{{"file", input.file}, {"format", input.format}});
  }
  json["rejections"] = nlohmann::ordered_json::array();
  for (const RejectedRow& row : summary.rejections) {
    json["rejections"].push_back(
        nlohmann::ordered_json{{"file", row.file},
                               {"line", row.line},
                               {"field", row.field},
                               {"reason", row.reason}});
  }
  // Replace invalid UTF-8 (e.g. echoed cells) instead of throwing.
  out << json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
      << '\n';
}

void PrintCsv(const IngestSummary& summary, std::ostream& out) {
  CsvWriter csv(&out);
  csv.WriteRow(std::vector<std::string>{
      "files", "rows", "accepted", "duplicates", "rejected", "seconds",
      "events_per_second", "ignored_columns", "skipped", "retries"});
  csv.WriteRow(std::vector<std::string>{
      absl::StrCat(summary.files), absl::StrCat(summary.rows),
      absl::StrCat(summary.accepted), absl::StrCat(summary.duplicates),
      absl::StrCat(summary.rejected), FormatNumber(summary.seconds, 3),
      FormatNumber(EventsPerSecond(summary), 0),
      absl::StrJoin(summary.ignored_columns, ";"),
      absl::StrCat(summary.skipped), absl::StrCat(summary.retries)});
}

void PrintText(const IngestSummary& summary, std::ostream& out) {
  out << "ingested " << WithThousands(summary.rows) << " rows from "
      << summary.files << (summary.files == 1 ? " file" : " files") << " in "
      << FormatNumber(summary.seconds, 1) << " s ("
      << WithThousands(static_cast<int64_t>(EventsPerSecond(summary)))
      << " events/s)\n";
  out << "  accepted    " << WithThousands(summary.accepted) << "\n";
  out << "  duplicates  " << WithThousands(summary.duplicates) << "\n";
  out << "  rejected    " << WithThousands(summary.rejected);
  if (summary.rejected > 0 && !summary.rejects_path.empty()) {
    out << " (see " << summary.rejects_path << ")";
  }
  out << "\n";
  if (summary.skipped > 0 || !summary.resume_path.empty()) {
    out << "  skipped     " << WithThousands(summary.skipped)
        << " (done by an earlier run";
    if (!summary.resume_path.empty()) {
      out << ", checkpoint " << summary.resume_path;
    }
    out << ")\n";
  }
  if (summary.retries > 0) {
    out << "  retries     " << summary.retries
        << " (the server was unavailable)\n";
  }
  if (!summary.inputs.empty()) {
    out << "  formats     " << FormatCounts(summary.inputs) << "\n";
  }
  if (!summary.ignored_columns.empty()) {
    out << "  ignored columns: " << absl::StrJoin(summary.ignored_columns, ", ")
        << "\n";
  }
  const size_t shown = std::min(kTextRejections, summary.rejections.size());
  if (shown == 0) return;
  out << "first rejections:\n";
  for (size_t i = 0; i < shown; ++i) {
    const RejectedRow& row = summary.rejections[i];
    out << "  " << row.file << ":" << row.line << "  " << row.field << ": "
        << row.reason << "\n";
  }
}

}  // namespace

double EventsPerSecond(const IngestSummary& summary) {
  return summary.seconds > 0 ? summary.rows / summary.seconds : 0;
}

void PrintIngestSummary(const IngestSummary& summary, OutputFormat format,
                        std::ostream& out) {
  switch (format) {
    case OutputFormat::kJson:
      PrintJson(summary, out);
      break;
    case OutputFormat::kCsv:
      PrintCsv(summary, out);
      break;
    case OutputFormat::kTable:
      PrintText(summary, out);
      break;
  }
}

}  // namespace eventgraph::client
