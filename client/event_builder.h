// Turns the cells of one input row into an eventgraph.v1.Event, following a
// ColumnMapping.
//
// The client checks only what would make the row unsendable or its meaning
// unknowable: a numeric cell that does not parse. Everything else (empty
// actor, bad date, ranges, lengths) is left to the server, which rejects the
// item with a reason.
//
// Cell rules: text cells are copied as they are. A date of 8 digits
// (YYYYMMDD) becomes YYYY-MM-DD; any other date is copied unchanged. Numeric
// cells are trimmed of ASCII white space; an empty numeric cell leaves the
// field absent; otherwise the cell must be a finite decimal number (integer
// fields: an integer). An empty attribute cell adds no attribute.
//
// Pure code, thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "absl/types/span.h"
#include "client/column_mapping.h"
#include "eventgraph/v1/eventgraph.pb.h"

namespace eventgraph::client {

// Why a row was rejected on the client.
struct RowError {
  std::string field;   // the Event field, e.g. "goldstein"
  std::string reason;  // names the column and the cell
};

// Returns "YYYY-MM-DD" for an 8-digit "YYYYMMDD", else `text` unchanged.
std::string NormalizeDate(std::string_view text);

// Fills *event from `cells` (cells[i] belongs to mapping column i; missing
// trailing cells count as empty). Returns nullopt on success, or the first
// numeric cell that does not parse; *event is then partly filled and should
// be discarded.
// REQUIRES: *event is empty (new or Clear()ed).
std::optional<RowError> BuildEvent(const ColumnMapping& mapping,
                                   absl::Span<const std::string_view> cells,
                                   eventgraph::v1::Event* event);

}  // namespace eventgraph::client
