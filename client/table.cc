#include "client/table.h"

#include <algorithm>

#include "client/utf8.h"

namespace eventgraph::client {
namespace {

constexpr std::string_view kSeparator = "  ";

std::string Fit(const std::string& cell, size_t max_width) {
  if (max_width == 0) return cell;
  return TruncateForDisplay(cell, max_width);
}

// Columns a cell takes on screen: escape codes take none.
size_t VisibleWidth(const std::string& cell) {
  if (cell.find('\x1b') == std::string::npos) return DisplayWidth(cell);
  return DisplayWidth(StripEscapes(cell));
}

}  // namespace

void Table::AddRow(std::vector<std::string> cells, std::vector<Style> styles) {
  cells.resize(columns_.size());
  for (size_t i = 0; i < cells.size(); ++i) {
    cells[i] = Fit(cells[i], columns_[i].max_width);
  }
  rows_.push_back({std::move(cells), std::move(styles)});
}

void Table::Print(std::ostream& out, bool titles) const {
  std::vector<size_t> widths(columns_.size(), 0);
  std::vector<std::string> title_cells;
  for (size_t i = 0; i < columns_.size(); ++i) {
    title_cells.push_back(Fit(columns_[i].title, columns_[i].max_width));
    if (titles) widths[i] = VisibleWidth(title_cells[i]);
  }
  for (const Row& row : rows_) {
    for (size_t i = 0; i < row.cells.size(); ++i) {
      widths[i] = std::max(widths[i], VisibleWidth(row.cells[i]));
    }
  }
  if (titles) {
    const std::vector<Style> bold(columns_.size(), Style::kBold);
    out << FormatLine(title_cells, widths, bold) << '\n';
  }
  for (const Row& row : rows_) {
    out << FormatLine(row.cells, widths, row.styles) << '\n';
  }
}

std::string Table::FixedLine(const std::vector<std::string>& cells,
                             const std::vector<Style>& styles) const {
  std::vector<size_t> widths;
  std::vector<std::string> fitted;
  for (size_t i = 0; i < columns_.size(); ++i) {
    widths.push_back(columns_[i].max_width);
    fitted.push_back(i < cells.size() ? Fit(cells[i], columns_[i].max_width)
                                      : std::string());
  }
  return FormatLine(fitted, widths, styles);
}

std::string Table::FixedTitleLine() const {
  std::vector<std::string> titles;
  for (const TableColumn& column : columns_) titles.push_back(column.title);
  return FixedLine(titles, std::vector<Style>(columns_.size(), Style::kBold));
}

std::string Table::FormatLine(const std::vector<std::string>& cells,
                              const std::vector<size_t>& widths,
                              const std::vector<Style>& styles) const {
  std::string line;
  for (size_t i = 0; i < columns_.size(); ++i) {
    const std::string& cell = cells[i];
    const size_t width = VisibleWidth(cell);
    const size_t pad = widths[i] > width ? widths[i] - width : 0;
    const bool last = i + 1 == columns_.size();
    const Style style =
        colour_ && i < styles.size() ? styles[i] : Style::kPlain;
    if (i > 0) line += kSeparator;
    if (columns_[i].align == Align::kRight) line.append(pad, ' ');
    line += Paint(cell, style);  // padding stays outside the escape codes
    if (columns_[i].align == Align::kLeft && !last) line.append(pad, ' ');
  }
  // Empty trailing cells would leave trailing blanks.
  while (!line.empty() && line.back() == ' ') line.pop_back();
  return line;
}

}  // namespace eventgraph::client
