// The property checks of the fuzz targets.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>

#include "google/protobuf/stubs/logging.h"

namespace eventgraph::fuzz {

// Aborts (a crash libFuzzer reports, with the input saved) when `ok` is
// false, naming the property `what`.
inline void Check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "property violated: %s\n", what);
    std::abort();
  }
}

// Silences protobuf's log lines (invalid UTF-8 in a string field, expected
// on fuzzed input), which would flood the fuzzer's output and slow it.
// Call once, before the first input.
inline void QuietProtobuf() {
  google::protobuf::SetLogHandler(
      [](google::protobuf::LogLevel, const char*, int, const std::string&) {});
}

}  // namespace eventgraph::fuzz
