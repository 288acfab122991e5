// Output formats of the query commands and JSON printing of responses.
//
// JSON follows protobuf's JSON mapping: lowerCamelCase field names, int64 as
// strings, enums by name, and fields at their default value printed too.
//
// Pure code, thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "google/protobuf/message.h"

namespace eventgraph::client {

enum class OutputFormat : uint8_t { kTable, kJson, kCsv };

// "table", "json" or "csv"; INVALID_ARGUMENT otherwise.
absl::StatusOr<OutputFormat> ParseOutputFormat(std::string_view name);

// Returns `message` as one line of JSON. Errors: INTERNAL if protobuf cannot
// print it (it can for every message of this API).
absl::StatusOr<std::string> MessageToJson(
    const google::protobuf::Message& message);

// Formats `value` with thousands separators: 1234567 -> "1,234,567".
std::string WithThousands(int64_t value);

// Formats a double in the fewest digits that read back as the same value
// ("0.1", "43.5", "1e+21").
std::string ShortestNumber(double value);

// Formats a double with up to `decimals` digits after the point, without
// trailing zeros ("1.5", "2", "-0.25").
std::string FormatNumber(double value, int decimals);

}  // namespace eventgraph::client
