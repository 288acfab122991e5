// Fuzz inputs as files, for code that reads paths or file descriptors.
//
// Not thread-safe (libFuzzer runs one input at a time per process).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace eventgraph::fuzz {

// Writes `size` bytes to a file called `name` inside a folder private to
// this process (made on first use, removed at exit) and returns its path.
// Aborts on an I/O error: the harness is broken, not the code under test.
std::string WriteInputFile(const std::string& name, const uint8_t* data,
                           size_t size);

}  // namespace eventgraph::fuzz
