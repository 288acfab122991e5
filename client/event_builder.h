// Turns the cells of one input row into an eventgraph.v1.Event, following a
// ColumnMapping.
//
// The client checks only what would make the row unsendable or its meaning
// unknowable: a numeric cell that does not parse, and an actor or target
// left empty by both its column and its fallback column (GDELT's name and
// code). Everything else (empty actor, bad date, ranges, lengths) is left to
// the server, which rejects the item with a reason.
//
// After the cells, the mapping's rules apply: an empty actor or target
// takes its fallback column's cell; an empty action becomes the code's CAMEO
// name ("Make a visit"; "CAMEO <code>" for a code the built-in codebook
// lacks) when the mapping derives it (action_from_code()); and when the mapping
// derives the quad class (derives_quad_class()), the event code's CAMEO root
// sets it (left 0 for a code without a valid root).
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
// numeric cell that does not parse, or the first field whose column and
// fallback column are both empty; *event is then partly filled and should
// be discarded.
// REQUIRES: *event is empty (new or Clear()ed).
std::optional<RowError> BuildEvent(const ColumnMapping& mapping,
                                   absl::Span<const std::string_view> cells,
                                   eventgraph::v1::Event* event);

}  // namespace eventgraph::client
