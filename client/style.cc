#include "client/style.h"

#include <unistd.h>

#include <atomic>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "client/absl_compat.h"

namespace eventgraph::client {
namespace {

constexpr char kEscape = '\x1b';
constexpr std::string_view kReset = "\x1b[0m";

std::atomic<bool> colour_output{false};

std::string_view StyleCode(Style style) {
  switch (style) {
    case Style::kBold:
      return "\x1b[1m";
    case Style::kGreen:
      return "\x1b[32m";
    case Style::kRed:
      return "\x1b[31m";
    case Style::kDim:
      return "\x1b[2m";
    case Style::kPlain:
      break;
  }
  return "";
}

}  // namespace

absl::StatusOr<ColourMode> ParseColourMode(std::string_view name) {
  const std::string lower = absl::AsciiStrToLower(ToAbsl(name));
  if (lower == "auto") return ColourMode::kAuto;
  if (lower == "always") return ColourMode::kAlways;
  if (lower == "never") return ColourMode::kNever;
  return absl::InvalidArgumentError(absl::StrCat(
      "unknown colour mode \"", ToAbsl(name), "\" (auto, always, never)"));
}

bool UseColour(ColourMode mode, bool stdout_is_terminal,
               const char* no_color_env) {
  switch (mode) {
    case ColourMode::kAlways:
      return true;
    case ColourMode::kNever:
      return false;
    case ColourMode::kAuto:
      break;
  }
  const bool no_color = no_color_env != nullptr && no_color_env[0] != '\0';
  return stdout_is_terminal && !no_color;
}

bool StdoutIsTerminal() { return isatty(STDOUT_FILENO) == 1; }

void SetColourOutput(bool on) { colour_output.store(on); }

bool ColourOutput() { return colour_output.load(); }

std::string Paint(std::string_view text, Style style) {
  const std::string_view code = StyleCode(style);
  if (code.empty() || text.empty()) return std::string(text);
  return absl::StrCat(ToAbsl(code), ToAbsl(text), ToAbsl(kReset));
}

std::string StripEscapes(std::string_view text) {
  std::string plain;
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] == kEscape && i + 1 < text.size() && text[i + 1] == '[') {
      size_t end = i + 2;
      while (end < text.size() && text[end] != 'm') ++end;
      i = end + 1;  // past the 'm' (or the end of an unterminated sequence)
      continue;
    }
    plain.push_back(text[i]);
    ++i;
  }
  return plain;
}

}  // namespace eventgraph::client
