// Plain-text tables for the `table` output format: columns separated by two
// spaces, padded by display width (code points), long cells cut with "…".
//
// Not thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

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
      : columns_(std::move(columns)) {}

  // Adds a row. Missing trailing cells are empty; extra cells are dropped.
  void AddRow(std::vector<std::string> cells);

  // Prints the title line (if `titles`) and the rows, each column as wide as
  // its widest cell (at most max_width).
  void Print(std::ostream& out, bool titles = true) const;

  // Formats one line with every column exactly max_width wide (for output
  // that streams and cannot measure its rows first). Cells are cut to fit.
  // REQUIRES: every column has max_width > 0.
  std::string FixedLine(const std::vector<std::string>& cells) const;

  // FixedLine of the titles.
  std::string FixedTitleLine() const;

 private:
  std::string FormatLine(const std::vector<std::string>& cells,
                         const std::vector<size_t>& widths) const;

  std::vector<TableColumn> columns_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace eventgraph::client
