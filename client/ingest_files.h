// Which files `eventgraph ingest` reads: its arguments in order, each
// folder replaced by the event files directly inside it (subfolders are not
// entered), sorted by the date in their names, then by name.
//
// An event file is a regular file whose name (in any case) ends in .gz, or
// in .csv, .tsv, .tab, .txt, .jsonl or .ndjson, optionally followed by .zip
// (GDELT's YYYYMMDD.export.CSV.zip). GDELT's mentions and GKG files
// (*.mentions.*, *.gkg.*) are not event files; neither are hidden files.
//
// Pure code apart from listing folders; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace eventgraph::client {

// True when `name` (a file name, no folder) is an event file by the rules
// above.
bool IsEventFileName(std::string_view name);

// The date a file name carries, as YYYYMMDD with the month and day 0 when
// absent, or 0 when it carries none. It is the first of: eight digits
// forming a date (also at the start of a longer run, such as GDELT 2.0's
// YYYYMMDDHHMMSS), or a four-digit year 1000..2999 standing alone,
// optionally followed by -MM (or _MM, .MM) and then -DD.
// "20130401.export.CSV.zip" gives 20130401, "icews_2018-06-01.tsv"
// 20180601, "gdelt1_georgia_2011-06_2013-05.tsv.gz" 20110600,
// "events.2018.20200427.tab" 20180000, "icews14.tsv" 0.
int64_t DateInName(std::string_view name);

// Sorts file names (or paths: only the part after the last '/' counts for
// the date) by DateInName, names without a date last, then by name.
void SortByDateInName(std::vector<std::string>* paths);

struct InputFiles {
  std::vector<std::string> files;
  // What was left out of a folder and why, one line each (for stderr).
  std::vector<std::string> notes;
};

// Expands `arguments`: a folder gives its event files (sorted), anything
// else (a file, "-") stays as it is. Files listed in `exclude` (such as the
// rejects and checkpoint files, compared after making paths absolute) are
// left out of folders.
// Errors: NOT_FOUND for a folder that cannot be listed, INVALID_ARGUMENT for
// a folder without event files.
absl::StatusOr<InputFiles> ExpandInputs(
    const std::vector<std::string>& arguments,
    const std::vector<std::string>& exclude);

}  // namespace eventgraph::client
