// Colour in terminal output: when to use it and how to paint text.
//
// Colour is for people at a terminal only. The rule (https://no-color.org):
// `--color auto` (the default) colours when stdout is a terminal and
// NO_COLOR is unset or empty; `--color always` and `--color never` override
// both. Only the `table` output format is ever painted; JSON and CSV never
// contain escape codes.
//
// The decision is made once in main() and kept process-wide, so that every
// Table picks it up without threading a flag through each command.
//
// Paint, StripEscapes and UseColour are pure and thread-safe;
// SetColourOutput must be called before any other thread starts.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace eventgraph::client {

enum class ColourMode : uint8_t { kAuto, kAlways, kNever };

// The look of a piece of text. kPlain paints nothing; kDim is for
// secondary text such as statistics footers.
enum class Style : uint8_t { kPlain, kBold, kGreen, kRed, kDim };

// "auto", "always" or "never" (any case); INVALID_ARGUMENT otherwise.
absl::StatusOr<ColourMode> ParseColourMode(std::string_view name);

// Whether to colour: kAlways -> true, kNever -> false, kAuto -> stdout is a
// terminal and `no_color_env` (the value of $NO_COLOR, nullptr if unset) is
// null or empty.
bool UseColour(ColourMode mode, bool stdout_is_terminal,
               const char* no_color_env);

// True if file descriptor 1 is a terminal.
bool StdoutIsTerminal();

// Sets / returns the process-wide decision (default false). Table reads it.
void SetColourOutput(bool on);
bool ColourOutput();

// Returns `text` wrapped in the SGR escape codes of `style` and a reset;
// `text` unchanged for kPlain or empty text.
std::string Paint(std::string_view text, Style style);

// Returns `text` without its SGR escape sequences (ESC '[' ... 'm').
std::string StripEscapes(std::string_view text);

}  // namespace eventgraph::client
