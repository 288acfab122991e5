// The property checks of the fuzz targets.
#pragma once

#include <cstdio>
#include <cstdlib>

namespace eventgraph::fuzz {

// Aborts (a crash libFuzzer reports, with the input saved) when `ok` is
// false, naming the property `what`.
inline void Check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "property violated: %s\n", what);
    std::abort();
  }
}

}  // namespace eventgraph::fuzz
