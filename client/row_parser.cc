#include "client/row_parser.h"

#include <cstring>

#include "absl/strings/str_cat.h"

namespace eventgraph::client {
namespace {

// True when `line` nests objects and arrays deeper than kMaxJsonDepth;
// brackets inside strings do not count. Flattening and printing values
// recurse once per level, so a deeper line would exhaust the stack.
bool NestedTooDeep(std::string_view line) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (in_string) {
      if (c == '\\') {
        ++i;  // the escaped character cannot end the string
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > JsonlParser::kMaxJsonDepth) return true;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return false;
}

}  // namespace

void SplitTsv(std::string_view line, std::vector<std::string_view>* cells) {
  cells->clear();
  size_t start = 0;
  while (true) {
    const void* tab =
        std::memchr(line.data() + start, '\t', line.size() - start);
    if (tab == nullptr) {
      cells->push_back(line.substr(start));
      return;
    }
    const size_t stop =
        static_cast<size_t>(static_cast<const char*>(tab) - line.data());
    cells->push_back(line.substr(start, stop - start));
    start = stop + 1;
  }
}

CsvParser::Result CsvParser::Parse(std::string_view record,
                                   std::vector<std::string_view>* cells) {
  unescaped_.clear();
  pieces_.clear();
  size_t pos = 0;
  while (true) {
    if (pos < record.size() && record[pos] == '"') {
      // Quoted field. Stays a view of the record unless it holds '""'.
      const size_t content = pos + 1;
      bool escaped = false;
      size_t unescaped_start = unescaped_.size();
      size_t scan = content;
      while (true) {
        const size_t quote = record.find('"', scan);
        if (quote == std::string_view::npos) return Result::kIncomplete;
        if (quote + 1 < record.size() && record[quote + 1] == '"') {
          if (!escaped) {
            escaped = true;
            unescaped_start = unescaped_.size();
            unescaped_.append(record.substr(content, quote + 1 - content));
          } else {
            unescaped_.append(record.substr(scan, quote + 1 - scan));
          }
          scan = quote + 2;
          continue;
        }
        if (escaped) {
          unescaped_.append(record.substr(scan, quote - scan));
          pieces_.push_back(
              {true, unescaped_start, unescaped_.size() - unescaped_start});
        } else {
          pieces_.push_back({false, content, quote - content});
        }
        pos = quote + 1;
        break;
      }
      if (pos < record.size() && record[pos] != ',') {
        error_ = absl::StrCat(
            "unexpected character after the closing quote "
            "of field ",
            pieces_.size());
        return Result::kMalformed;
      }
    } else {
      const size_t comma = record.find(',', pos);
      const size_t stop =
          comma == std::string_view::npos ? record.size() : comma;
      pieces_.push_back({false, pos, stop - pos});
      pos = stop;
    }
    if (pos >= record.size()) break;
    ++pos;  // skip the comma; a trailing comma means one more empty field
  }
  cells->clear();
  for (const Piece& piece : pieces_) {
    const std::string_view source = piece.unescaped ? unescaped_ : record;
    cells->push_back(source.substr(piece.offset, piece.length));
  }
  return Result::kOk;
}

absl::Status JsonlParser::Parse(std::string_view line,
                                std::vector<std::string_view>* cells) {
  if (NestedTooDeep(line)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "objects and arrays nested deeper than ", kMaxJsonDepth, " levels"));
  }
  try {
    document_ = nlohmann::ordered_json::parse(line.begin(), line.end());
  } catch (const nlohmann::json::exception& e) {
    return absl::InvalidArgumentError(e.what());
  }
  if (!document_.is_object()) {
    return absl::InvalidArgumentError("not a JSON object");
  }
  scalars_.clear();
  pieces_.clear();
  Flatten(document_, "");
  cells->assign(columns_.size(), std::string_view());
  for (const Piece& piece : pieces_) {
    (*cells)[piece.column] =
        piece.text != nullptr
            ? std::string_view(*piece.text)
            : std::string_view(scalars_).substr(piece.offset, piece.length);
  }
  return absl::OkStatus();
}

void JsonlParser::Flatten(const nlohmann::ordered_json& object,
                          const std::string& prefix) {
  for (const auto& [key, value] : object.items()) {
    const std::string name = prefix.empty() ? key : absl::StrCat(prefix, key);
    if (value.is_object()) {
      Flatten(value, absl::StrCat(name, "."));
      continue;
    }
    const int column = ColumnIndex(name);
    if (value.is_string()) {
      pieces_.push_back({column, &value.get_ref<const std::string&>(), 0, 0});
    } else if (!value.is_null()) {
      const size_t offset = scalars_.size();
      scalars_ += value.dump();
      pieces_.push_back({column, nullptr, offset, scalars_.size() - offset});
    }
  }
}

int JsonlParser::ColumnIndex(const std::string& key) {
  const auto [it, inserted] =
      column_index_.try_emplace(key, static_cast<int>(columns_.size()));
  if (inserted) columns_.push_back(key);
  return it->second;
}

}  // namespace eventgraph::client
