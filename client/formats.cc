#include "client/formats.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "client/absl_compat.h"
#include "client/column_mapping.h"
#include "client/format_profiles.h"
#include "client/row_parser.h"

namespace eventgraph::client {
namespace {

constexpr int kQuadColumns = 4;

bool IsDigits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// YYYY-MM-DD or YYYYMMDD (digits only: whether it is a calendar date is the
// server's business).
bool LooksLikeDate(std::string_view text) {
  text = FromAbsl(absl::StripAsciiWhitespace(ToAbsl(text)));
  if (text.size() == 8) return IsDigits(text);
  return text.size() == 10 && text[4] == '-' && text[7] == '-' &&
         IsDigits(text.substr(0, 4)) && IsDigits(text.substr(5, 2)) &&
         IsDigits(text.substr(8, 2));
}

using Cells = std::vector<std::string>;

// A data row of a headerless GDELT file: an id, then a YYYYMMDD date.
bool IsGdeltRow(const Cells& cells) {
  return !GdeltColumns(static_cast<int>(cells.size())).empty() &&
         IsDigits(cells[0]) && cells[1].size() == 8 && IsDigits(cells[1]);
}

// A data row of a headerless ICEWS file: an id, then a date.
bool IsIcewsRow(const Cells& cells) {
  return cells.size() == IcewsColumns().size() && IsDigits(cells[0]) &&
         LooksLikeDate(cells[1]);
}

bool HasName(const Cells& normalized, std::string_view name) {
  for (const std::string& column : normalized) {
    if (column == name) return true;
  }
  return false;
}

Cells NormalizedNames(const Cells& cells) {
  Cells names;
  names.reserve(cells.size());
  for (const std::string& cell : cells) {
    names.push_back(NormalizeColumnName(
        FromAbsl(absl::StripAsciiWhitespace(ToAbsl(cell)))));
  }
  return names;
}

// The cells of `line` in `syntax` (at least one). A CSV line that does not
// parse on its own counts as one cell: the reader reports the problem.
Cells SplitCells(std::string_view line, Syntax syntax) {
  std::vector<std::string_view> views;
  if (syntax == Syntax::kCsv) {
    CsvParser parser;
    if (parser.Parse(line, &views) != CsvParser::Result::kOk) {
      return {std::string(line)};
    }
  } else {
    SplitTsv(line, &views);
  }
  return Cells(views.begin(), views.end());
}

Syntax SyntaxForPath(std::string_view path) {
  return FormatForPath(path) == InputFormat::kCsv ? Syntax::kCsv : Syntax::kTsv;
}

Layout Headerless(InputFormat format, Syntax syntax,
                  std::vector<std::string> columns) {
  Layout layout;
  layout.format = format;
  layout.syntax = syntax;
  layout.header = false;
  layout.columns = std::move(columns);
  return layout;
}

Layout WithHeader(InputFormat format, Syntax syntax) {
  Layout layout;
  layout.format = format;
  layout.syntax = syntax;
  layout.header = true;
  return layout;
}

std::vector<std::string> QuadColumns(size_t count) {
  std::vector<std::string> names = {"actor", "action", "target", "date"};
  for (size_t i = names.size(); i < count; ++i) {
    names.push_back(absl::StrCat("column", i + 1));
  }
  return names;
}

absl::StatusOr<Layout> Gdelt(InputFormat format, std::string_view line) {
  const Cells cells = SplitCells(line, Syntax::kTsv);
  if (!IsDigits(cells[0])) return WithHeader(format, Syntax::kTsv);
  const int count = static_cast<int>(cells.size());
  const bool fits =
      format == InputFormat::kGdelt1 ? count == 57 || count == 58 : count == 61;
  if (!fits) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--format ", ToAbsl(InputFormatName(format)), ": the first line has ",
        count, " tab-separated fields; ",
        format == InputFormat::kGdelt1 ? "GDELT 1.0 event files have 57 or 58"
                                       : "GDELT 2.0 event exports have 61"));
  }
  return Headerless(format, Syntax::kTsv, GdeltColumns(count));
}

absl::StatusOr<Layout> Icews(std::string_view path, std::string_view line) {
  const Syntax syntax = SyntaxForPath(path);
  const Cells cells = SplitCells(line, syntax);
  if (!IsDigits(cells[0])) return WithHeader(InputFormat::kIcews, syntax);
  if (cells.size() != IcewsColumns().size()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--format icews: the first line has no header and ", cells.size(),
        " fields; ICEWS event files have ", IcewsColumns().size()));
  }
  return Headerless(InputFormat::kIcews, syntax, IcewsColumns());
}

absl::StatusOr<Layout> Quad(std::string_view path, std::string_view line) {
  const Syntax syntax = SyntaxForPath(path);
  const Cells cells = SplitCells(line, syntax);
  if (cells.size() < kQuadColumns) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--format quad: the first line has ", cells.size(),
        " fields; quadruple files have actor, action, target and date"));
  }
  if (!LooksLikeDate(cells[3])) return WithHeader(InputFormat::kQuad, syntax);
  return Headerless(InputFormat::kQuad, syntax, QuadColumns(cells.size()));
}

Layout Auto(std::string_view path, std::string_view line) {
  if (FormatForPath(path) == InputFormat::kJsonl ||
      absl::StartsWith(absl::StripLeadingAsciiWhitespace(ToAbsl(line)), "{")) {
    return Headerless(InputFormat::kJsonl, Syntax::kJsonl, {});
  }
  const Cells tab_cells = SplitCells(line, Syntax::kTsv);
  if (IsGdeltRow(tab_cells)) {
    const int count = static_cast<int>(tab_cells.size());
    return Headerless(count == 61 ? InputFormat::kGdelt2 : InputFormat::kGdelt1,
                      Syntax::kTsv, GdeltColumns(count));
  }
  const Syntax syntax = SyntaxForPath(path);
  const InputFormat generic =
      syntax == Syntax::kCsv ? InputFormat::kCsv : InputFormat::kTsv;
  const Cells cells =
      syntax == Syntax::kCsv ? SplitCells(line, syntax) : tab_cells;
  if (IsIcewsRow(cells)) {
    return Headerless(InputFormat::kIcews, syntax, IcewsColumns());
  }
  const Cells names = NormalizedNames(cells);
  if (HasName(names, "globaleventid") && HasName(names, "sqldate")) {
    return WithHeader(HasName(names, "actiongeoadm2code")
                          ? InputFormat::kGdelt2
                          : InputFormat::kGdelt1,
                      syntax);
  }
  if (HasName(names, "eventid") && HasName(names, "cameocode") &&
      (HasName(names, "sourcesectors") || HasName(names, "sourcename"))) {
    return WithHeader(InputFormat::kIcews, syntax);
  }
  if (cells.size() >= kQuadColumns && LooksLikeDate(cells[3])) {
    return Headerless(InputFormat::kQuad, syntax, QuadColumns(cells.size()));
  }
  return WithHeader(generic, syntax);
}

}  // namespace

absl::StatusOr<InputFormat> ParseInputFormat(std::string_view name) {
  const std::string lower = absl::AsciiStrToLower(ToAbsl(name));
  if (lower == "auto") return InputFormat::kAuto;
  if (lower == "gdelt1") return InputFormat::kGdelt1;
  if (lower == "gdelt2") return InputFormat::kGdelt2;
  if (lower == "icews") return InputFormat::kIcews;
  if (lower == "quad") return InputFormat::kQuad;
  if (lower == "tsv") return InputFormat::kTsv;
  if (lower == "csv") return InputFormat::kCsv;
  if (lower == "jsonl" || lower == "ndjson") return InputFormat::kJsonl;
  return absl::InvalidArgumentError(
      absl::StrCat("unknown format \"", ToAbsl(name),
                   "\" (auto, gdelt1, gdelt2, icews, quad, tsv, csv, jsonl)"));
}

std::string_view InputFormatName(InputFormat format) {
  switch (format) {
    case InputFormat::kAuto:
      return "auto";
    case InputFormat::kGdelt1:
      return "gdelt1";
    case InputFormat::kGdelt2:
      return "gdelt2";
    case InputFormat::kIcews:
      return "icews";
    case InputFormat::kQuad:
      return "quad";
    case InputFormat::kTsv:
      return "tsv";
    case InputFormat::kCsv:
      return "csv";
    case InputFormat::kJsonl:
      return "jsonl";
  }
  return "auto";
}

InputFormat FormatForPath(std::string_view path) {
  absl::string_view name = ToAbsl(path);
  if (absl::EndsWithIgnoreCase(name, ".gz")) name.remove_suffix(3);
  if (absl::EndsWithIgnoreCase(name, ".zip")) name.remove_suffix(4);
  if (absl::EndsWithIgnoreCase(name, ".jsonl") ||
      absl::EndsWithIgnoreCase(name, ".ndjson")) {
    return InputFormat::kJsonl;
  }
  if (absl::EndsWithIgnoreCase(name, ".csv")) return InputFormat::kCsv;
  return InputFormat::kTsv;
}

absl::StatusOr<Layout> DetectLayout(std::string_view path,
                                    InputFormat requested,
                                    std::string_view first_line) {
  switch (requested) {
    case InputFormat::kAuto:
      return Auto(path, first_line);
    case InputFormat::kGdelt1:
    case InputFormat::kGdelt2:
      return Gdelt(requested, first_line);
    case InputFormat::kIcews:
      return Icews(path, first_line);
    case InputFormat::kQuad:
      return Quad(path, first_line);
    case InputFormat::kTsv:
      return WithHeader(InputFormat::kTsv, Syntax::kTsv);
    case InputFormat::kCsv:
      return WithHeader(InputFormat::kCsv, Syntax::kCsv);
    case InputFormat::kJsonl:
      return Headerless(InputFormat::kJsonl, Syntax::kJsonl, {});
  }
  return WithHeader(InputFormat::kTsv, Syntax::kTsv);
}

std::string DescribeLayout(const Layout& layout) {
  const absl::string_view name = ToAbsl(InputFormatName(layout.format));
  if (layout.syntax == Syntax::kJsonl) return std::string(name);
  if (layout.header) return absl::StrCat(name, " (header)");
  return absl::StrCat(name, " (", layout.columns.size(),
                      " columns, no header)");
}

}  // namespace eventgraph::client
