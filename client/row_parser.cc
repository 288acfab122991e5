#include "client/row_parser.h"

#include <bit>
#include <cstdint>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace eventgraph::client {
namespace {

constexpr uint64_t kLow7 = 0x7F7F7F7F7F7F7F7Full;
constexpr uint64_t kTabs = 0x0909090909090909ull;

// The high bit of each byte of `word` that is a tab, and no other bit.
// Exact: the sum below stays within each byte (no carry into the next).
uint64_t TabBytes(uint64_t word) {
  const uint64_t x = word ^ kTabs;  // tab bytes become 0
  return ~(((x & kLow7) + kLow7) | x | kLow7);
}

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
  // Cells are short (GDELT's average 6 bytes): a memchr per cell cost more
  // than the scan. Eight bytes at a time, then the tail byte by byte.
  const char* data = line.data();
  const size_t size = line.size();
  size_t start = 0;
  size_t i = 0;
  for (; i + 8 <= size; i += 8) {
    uint64_t word;
    std::memcpy(&word, data + i, 8);
    if constexpr (std::endian::native == std::endian::big) {
      word = __builtin_bswap64(word);  // byte k at bits 8k..8k+7
    }
    for (uint64_t tabs = TabBytes(word); tabs != 0; tabs &= tabs - 1) {
      const size_t stop = i + static_cast<size_t>(std::countr_zero(tabs)) / 8;
      cells->emplace_back(data + start, stop - start);
      start = stop + 1;
    }
  }
  for (; i < size; ++i) {
    if (data[i] != '\t') continue;
    cells->emplace_back(data + start, i - start);
    start = i + 1;
  }
  cells->emplace_back(data + start, size - start);
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
