// Plain-text tables for the `table` output format: columns separated by two
// spaces, padded by display width (code points), long cells cut with "…".
//
// With colour on (by default the process-wide ColourOutput() of
// client/style.h) the title line is bold and cells are painted in the Style
// given with their row. Padding is computed on the unpainted text, so
// columns line up whatever the escape codes.
//
// Not thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "client/style.h"

namespace eventgraph::client {

enum class Align : uint8_t { kLeft, kRight };

struct TableColumn {
  std::string title;
  Align align = Align::kLeft;
  size_t max_width = 0;  // 0: no limit
};

class Table {
 public:
  explicit Table(std::vector<TableColumn> columns)
      : columns_(std::move(columns)), colour_(ColourOutput()) {}

  // Turns painting on or off for every line printed from now on.
  void set_colour(bool on) { colour_ = on; }

  // Adds a row. Missing trailing cells are empty; extra cells are dropped.
  // `styles[i]` paints cell i when colour is on (missing: kPlain).
  // REQUIRES: cells hold no escape codes (pass styles instead).
  void AddRow(std::vector<std::string> cells, std::vector<Style> styles = {});

  // Prints the title line (if `titles`) and the rows, each column as wide as
  // its widest cell (at most max_width).
  void Print(std::ostream& out, bool titles = true) const;

  // Formats one line with every column exactly max_width wide (for output
  // that streams and cannot measure its rows first). Cells are cut to fit.
  // REQUIRES: every column has max_width > 0.
  std::string FixedLine(const std::vector<std::string>& cells,
                        const std::vector<Style>& styles = {}) const;

  // FixedLine of the titles (bold when colour is on).
  std::string FixedTitleLine() const;

 private:
  struct Row {
    std::vector<std::string> cells;
    std::vector<Style> styles;
  };

  std::string FormatLine(const std::vector<std::string>& cells,
                         const std::vector<size_t>& widths,
                         const std::vector<Style>& styles) const;

  std::vector<TableColumn> columns_;
  std::vector<Row> rows_;
  bool colour_;
};

}  // namespace eventgraph::client
