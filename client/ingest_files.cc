#include "client/ingest_files.h"

#include <algorithm>
#include <filesystem>
#include <system_error>
#include <tuple>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "client/absl_compat.h"

namespace eventgraph::client {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kEventExtensions[] = {".csv", ".tsv",   ".tab",
                                                 ".txt", ".jsonl", ".ndjson"};

bool IsSeparator(char c) { return c == '-' || c == '_' || c == '.'; }

// Parses two digits at text[at]; -1 unless exactly two digits stand there
// (not followed by another digit).
int TwoDigits(std::string_view text, size_t at) {
  if (at + 2 > text.size() || !absl::ascii_isdigit(text[at]) ||
      !absl::ascii_isdigit(text[at + 1])) {
    return -1;
  }
  if (at + 2 < text.size() && absl::ascii_isdigit(text[at + 2])) return -1;
  return (text[at] - '0') * 10 + (text[at + 1] - '0');
}

int Number(std::string_view digits) {
  int value = 0;
  for (char c : digits) value = value * 10 + (c - '0');
  return value;
}

bool ValidYear(int year) { return year >= 1000 && year <= 2999; }

std::string_view BaseName(std::string_view path) {
  const size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// GDELT's mentions and GKG files sit beside its event files.
bool IsGdeltSideFile(std::string_view name) {
  const std::string lower = absl::AsciiStrToLower(ToAbsl(name));
  return lower.find(".mentions.") != std::string::npos ||
         lower.find(".gkg.") != std::string::npos;
}

std::string AbsolutePath(const std::string& path) {
  std::error_code error;
  const fs::path absolute = fs::absolute(path, error);
  return (error ? fs::path(path) : absolute).lexically_normal().string();
}

}  // namespace

bool IsEventFileName(std::string_view name) {
  absl::string_view text = ToAbsl(name);
  if (text.empty() || text.front() == '.') return false;
  if (IsGdeltSideFile(name)) return false;
  if (absl::EndsWithIgnoreCase(text, ".gz")) return true;
  if (absl::EndsWithIgnoreCase(text, ".zip")) text.remove_suffix(4);
  for (std::string_view extension : kEventExtensions) {
    if (absl::EndsWithIgnoreCase(text, ToAbsl(extension))) return true;
  }
  return false;
}

int64_t DateInName(std::string_view name) {
  size_t i = 0;
  while (i < name.size()) {
    if (!absl::ascii_isdigit(name[i])) {
      ++i;
      continue;
    }
    size_t end = i;
    while (end < name.size() && absl::ascii_isdigit(name[end])) ++end;
    const std::string_view run = name.substr(i, end - i);
    if (run.size() >= 8) {
      const int year = Number(run.substr(0, 4));
      const int month = Number(run.substr(4, 2));
      const int day = Number(run.substr(6, 2));
      if (ValidYear(year) && month >= 1 && month <= 12 && day >= 1 &&
          day <= 31) {
        return int64_t{year} * 10000 + month * 100 + day;
      }
    } else if (run.size() == 4 && ValidYear(Number(run))) {
      int64_t date = int64_t{Number(run)} * 10000;
      if (end < name.size() && IsSeparator(name[end])) {
        const int month = TwoDigits(name, end + 1);
        if (month >= 1 && month <= 12) {
          date += month * 100;
          const size_t after = end + 3;
          if (after < name.size() && IsSeparator(name[after])) {
            const int day = TwoDigits(name, after + 1);
            if (day >= 1 && day <= 31) date += day;
          }
        }
      }
      return date;
    }
    i = end;
  }
  return 0;
}

void SortByDateInName(std::vector<std::string>* paths) {
  const auto key = [](const std::string& path) {
    const std::string_view name = BaseName(path);
    const int64_t date = DateInName(name);
    return std::make_tuple(date == 0, date, name);
  };
  std::stable_sort(paths->begin(), paths->end(),
                   [&key](const std::string& a, const std::string& b) {
                     return key(a) < key(b);
                   });
}

absl::StatusOr<InputFiles> ExpandInputs(
    const std::vector<std::string>& arguments,
    const std::vector<std::string>& exclude) {
  std::vector<std::string> excluded;
  for (const std::string& path : exclude) {
    if (!path.empty()) excluded.push_back(AbsolutePath(path));
  }
  InputFiles result;
  for (const std::string& argument : arguments) {
    std::error_code error;
    if (argument == "-" || !fs::is_directory(argument, error)) {
      result.files.push_back(argument);
      continue;
    }
    std::vector<fs::path> entries;
    fs::directory_iterator it(argument, error);
    for (; !error && it != fs::directory_iterator(); it.increment(error)) {
      std::error_code type_error;
      if (it->is_regular_file(type_error)) entries.push_back(it->path());
    }
    if (error) {
      return absl::NotFoundError(
          absl::StrCat("cannot list folder ", argument, ": ", error.message()));
    }
    std::sort(entries.begin(), entries.end());
    std::vector<std::string> found;
    for (const fs::path& entry : entries) {
      const std::string name = entry.filename().string();
      const std::string path = entry.string();
      if (!IsEventFileName(name)) {
        if (!name.empty() && name.front() != '.') {
          result.notes.push_back(
              absl::StrCat("skipping ", path,
                           IsGdeltSideFile(name)
                               ? ": a GDELT mentions or GKG file, not events"
                               : ": not an event file by its name"));
        }
        continue;
      }
      if (std::find(excluded.begin(), excluded.end(), AbsolutePath(path)) ==
          excluded.end()) {
        found.push_back(path);
      }
    }
    if (found.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "folder ", argument,
          " holds no event files (.csv, .tsv, .tab, .txt, .jsonl, .ndjson, "
          ".gz, .zip)"));
    }
    SortByDateInName(&found);
    result.files.insert(result.files.end(), found.begin(), found.end());
  }
  return result;
}

}  // namespace eventgraph::client
