// `eventgraph generate`: writes synthetic GDELT-shaped events for scale
// tests (synth_generator.h), as GDELT 2.0 event export lines (61 columns,
// no header) or as the project's TSV (a header, then the columns `eventgraph
// ingest` maps). Needs no server.
//
// The text goes to --output (default: standard output), gzip'd with
// --gzip; a summary (events, actors, dyads, bytes, seconds, events per
// second) goes to stderr.
#pragma once

#include <cstdint>
#include <string>

#include "CLI/CLI.hpp"

namespace eventgraph::client {

struct GenerateOptions {
  uint64_t events = 0;  // required
  uint64_t seed = 1;
  uint32_t actors = 5'000;
  uint32_t countries = 0;  // 0: every country of the built-in table
  std::string from = "2000-01-01";
  std::string to = "2024-12-31";
  std::string format = "gdelt2";  // gdelt2 or tsv
  std::string output = "-";       // a file, or - for standard output
  bool gzip = false;
};

// Adds the `generate` subcommand and its flags to `app`, bound to
// *options (which must outlive parsing); returns the subcommand.
CLI::App* AddGenerateCommand(CLI::App* app, GenerateOptions* options);

// Generates and returns the exit code: kExitOk when every event was
// written, kExitUsage for options out of range (nothing is written),
// kExitFailure when the output cannot be created or written (a partial
// file may remain).
int RunGenerate(const GenerateOptions& options);

}  // namespace eventgraph::client
