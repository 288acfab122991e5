#include "client/generate_command.h"

#include <chrono>
#include <iostream>
#include <memory>

#include "absl/strings/ascii.h"
#include "absl/strings/str_format.h"
#include "client/exit_codes.h"
#include "client/synth_generator.h"
#include "client/synth_sink.h"
#include "client/synth_tables.h"

namespace eventgraph::client {

CLI::App* AddGenerateCommand(CLI::App* app, GenerateOptions* options) {
  CLI::App* command = app->add_subcommand(
      "generate",
      "Write synthetic GDELT-shaped events for scale tests (no server)");
  command
      ->add_option("--events", options->events, "How many events, e.g. 1000000")
      ->required()
      ->check(CLI::Range(uint64_t{1}, kMaxSynthEvents));
  command
      ->add_option("--seed", options->seed,
                   "Random seed: the same seed and flags give the same bytes")
      ->capture_default_str();
  command
      ->add_option("--actors", options->actors,
                   "Actors in the population (at least one per country)")
      ->check(CLI::Range(uint32_t{2}, kMaxSynthActors))
      ->capture_default_str();
  command
      ->add_option("--countries", options->countries,
                   absl::StrFormat("Countries the actors belong to, 1..%d "
                                   "(default: all)",
                                   SynthCountries().size()))
      ->check(CLI::Range(uint32_t{1},
                         static_cast<uint32_t>(SynthCountries().size())));
  command->add_option("--from", options->from, "First day, YYYY-MM-DD")
      ->capture_default_str();
  command->add_option("--to", options->to, "Last day, YYYY-MM-DD")
      ->capture_default_str();
  command
      ->add_option("--format", options->format,
                   "gdelt2 (GDELT 2.0 event export: 61 columns, no header) "
                   "or tsv (header; the columns `ingest` maps)")
      ->check(CLI::IsMember({"gdelt2", "tsv"}, CLI::ignore_case))
      ->capture_default_str();
  command
      ->add_option("--output", options->output,
                   "Output file, or - for standard output")
      ->capture_default_str();
  command->add_flag("--gzip", options->gzip,
                    "Compress the output with gzip (fastest level)");
  command->footer(
      "Examples:\n"
      "  eventgraph generate --events 10000000 --output gdelt.tsv.gz --gzip\n"
      "  eventgraph generate --events 20000 --format tsv --seed 7 "
      "--output events.tsv");
  return command;
}

int RunGenerate(const GenerateOptions& options) {
  SynthOptions synth;
  synth.events = options.events;
  synth.seed = options.seed;
  synth.actors = options.actors;
  synth.countries = options.countries;
  synth.from = options.from;
  synth.to = options.to;
  // CLI11 checked the name, ignoring case, but keeps it as typed.
  const std::string format = absl::AsciiStrToLower(options.format);
  synth.format = format == "tsv" ? SynthFormat::kTsv : SynthFormat::kGdelt2;
  const auto start = std::chrono::steady_clock::now();
  auto generator = SynthGenerator::Create(synth);
  if (!generator.ok()) {
    std::cerr << "error: " << generator.status().message() << "\n";
    return kExitUsage;
  }
  absl::StatusOr<std::unique_ptr<SynthSink>> sink =
      OpenFileSink(options.output);
  if (sink.ok() && options.gzip) sink = NewGzipSink(*std::move(sink));
  if (!sink.ok()) {
    std::cerr << "error: " << sink.status().message() << "\n";
    return kExitFailure;
  }
  // Writing and compressing overlap generating.
  sink = NewBackgroundSink(*std::move(sink));
  absl::StatusOr<SynthStats> stats = (*generator)->Run(sink->get());
  absl::Status closed = stats.ok() ? (*sink)->Close() : stats.status();
  if (!closed.ok()) {
    std::cerr << "error: " << closed.message() << "\n";
    return kExitFailure;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  std::string bytes = absl::StrFormat("%d bytes", stats->text_bytes);
  if (options.gzip) {
    absl::StrAppendFormat(&bytes, " (%d gzip'd)", (*sink)->bytes_written());
  }
  std::cerr << absl::StrFormat(
      "generated %d events (%s): %d actors, %s%d dyads, %s, %.2f s, %.0f "
      "events/s\n",
      stats->events, format, stats->actors, stats->dyads_exact ? "" : "~",
      stats->dyads, bytes, seconds,
      seconds > 0 ? static_cast<double>(stats->events) / seconds : 0.0);
  return kExitOk;
}

}  // namespace eventgraph::client
