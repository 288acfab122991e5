// Splitting one input record into cells: TSV (no quoting), CSV (RFC 4180
// quoting) and JSONL (one JSON object per line).
//
// Cells are string_views into the record or into storage owned by the
// parser object; they stay valid until the next call on the same parser (and
// as long as the record text lives). The parsers reuse their storage, so
// parsing a stream of records allocates little once warm.
//
// Pure code, no I/O. A parser object is not thread-safe; the free function
// is.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "nlohmann/json.hpp"

namespace eventgraph::client {

// Splits `line` at every tab. An empty line yields one empty cell.
void SplitTsv(std::string_view line, std::vector<std::string_view>* cells);

// RFC 4180 records: fields separated by ',', a field that starts with '"' is
// quoted and may hold ',', newlines and '""' (one quote). A '"' inside an
// unquoted field is kept as an ordinary character.
class CsvParser {
 public:
  enum class Result {
    kOk,          // *cells holds the fields
    kIncomplete,  // the record ends inside a quoted field: append "\n" and
                  // the next physical line, then parse the whole again
    kMalformed,   // a closing quote is followed by something other than ','
                  // or the end; error() says where
  };

  Result Parse(std::string_view record, std::vector<std::string_view>* cells);

  // Why the last Parse returned kMalformed.
  const std::string& error() const { return error_; }

 private:
  // A cell is either a range of the record or a range of unescaped_.
  struct Piece {
    bool unescaped;
    size_t offset;
    size_t length;
  };

  std::string unescaped_;
  std::vector<Piece> pieces_;
  std::string error_;
};

// JSON Lines: each line is one object. Nested objects are flattened with '.'
// ({"location": {"lat": 1}} gives the key "location.lat"). A string value is
// the cell text; a number, boolean, array or nested-array value is its JSON
// text; null is an empty cell. Keys become columns in the order first seen.
class JsonlParser {
 public:
  // The deepest nesting of objects and arrays a line may have.
  static constexpr int kMaxJsonDepth = 100;

  // Parses `line`; *cells gets one entry per column (empty where the object
  // has no such key). New keys are appended to columns().
  // Errors: INVALID_ARGUMENT when the line is not valid JSON, not an object,
  // or nests objects and arrays deeper than kMaxJsonDepth (the message says
  // why).
  absl::Status Parse(std::string_view line,
                     std::vector<std::string_view>* cells);

  // The keys seen so far, in order of first appearance.
  const std::vector<std::string>& columns() const { return columns_; }

 private:
  struct Piece {
    int column;
    const std::string* text;  // a string inside document_, or nullptr
    size_t offset;            // otherwise a range of scalars_
    size_t length;
  };

  void Flatten(const nlohmann::ordered_json& object, const std::string& prefix);
  int ColumnIndex(const std::string& key);

  nlohmann::ordered_json document_;
  std::string scalars_;
  std::vector<Piece> pieces_;
  std::vector<std::string> columns_;
  absl::flat_hash_map<std::string, int> column_index_;
};

}  // namespace eventgraph::client
