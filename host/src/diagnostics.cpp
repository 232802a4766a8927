#include "diagnostics.hpp"

#include <fmt/color.h>
#include <fmt/format.h>

#include <algorithm>

namespace tuna::host {

void Diagnostics::error(tuna::Location where, std::string message) {
  found_.push_back({Severity::error, std::move(where), std::move(message)});
}

void Diagnostics::warning(tuna::Location where, std::string message) {
  found_.push_back({Severity::warning, std::move(where), std::move(message)});
}

void Diagnostics::secret_error(tuna::Location where, std::string message) {
  found_.push_back({Severity::error, std::move(where), std::move(message), true});
}

bool Diagnostics::has_errors() const { return error_count() != 0; }

std::size_t Diagnostics::error_count() const {
  return static_cast<std::size_t>(std::count_if(
      found_.begin(), found_.end(), [](const Diagnostic& d) { return d.severity == Severity::error; }));
}

const std::vector<Diagnostic>& Diagnostics::all() const { return found_; }

void Diagnostics::sort_by_location() {
  std::stable_sort(found_.begin(), found_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::pair(a.where.line, a.where.column) < std::pair(b.where.line, b.where.column);
  });
}

namespace {

// A line this long is machine-made; show only the part around the column.
constexpr std::size_t excerpt_width = 120;

std::string_view nth_line(std::string_view source, int line) {
  std::size_t start = 0;
  for (int i = 1; i < line; ++i) {
    start = source.find('\n', start);
    if (start == std::string_view::npos) return {};
    ++start;
  }
  if (start >= source.size()) return {};
  auto text = source.substr(start, source.find('\n', start) - start);
  if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
  return text;
}

bool is_continuation_byte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// The caret line's padding: yaml-cpp counts columns in bytes, a terminal in characters,
// and a tab in the source must stay a tab so that the caret lines up under it.
std::string caret_padding(std::string_view before_column) {
  std::string padding;
  for (char c : before_column) {
    if (c == '\t')
      padding += '\t';
    else if (!is_continuation_byte(c))
      padding += ' ';
  }
  return padding;
}

std::string excerpt(std::string_view source, const tuna::Location& where, bool colour) {
  if (where.line <= 0) return {};
  auto text = nth_line(source, where.line);
  if (text.empty()) return {};
  auto column = static_cast<std::size_t>(std::max(where.column, 1) - 1);
  column = std::min(column, text.size());
  if (text.size() > excerpt_width) {
    auto first = column > excerpt_width / 2 ? column - excerpt_width / 2 : 0;
    while (first > 0 && is_continuation_byte(text[first])) --first;
    text = text.substr(first, excerpt_width);
    column -= first;
  }
  auto caret =
      colour ? fmt::format(fmt::emphasis::bold | fmt::fg(fmt::terminal_color::green), "^") : std::string("^");
  return fmt::format("  {}\n  {}{}\n", text, caret_padding(text.substr(0, column)), caret);
}

}  // namespace

std::string render(const Diagnostic& d, std::string_view source, bool colour) {
  const bool is_error = d.severity == Severity::error;
  std::string place = d.where.line > 0
                          ? fmt::format("{}:{}:{}", d.where.file, d.where.line, std::max(d.where.column, 1))
                          : d.where.file;
  std::string label = is_error ? "error" : "warning";
  if (colour) {
    place = fmt::format(fmt::emphasis::bold, "{}", place);
    label = fmt::format(
        fmt::emphasis::bold | fmt::fg(is_error ? fmt::terminal_color::red : fmt::terminal_color::magenta),
        "{}", label);
  }
  return fmt::format("{}: {}: {}\n{}", place, label, d.message,
                     d.hide_line ? "" : excerpt(source, d.where, colour));
}

std::string render_all(const Diagnostics& diagnostics, std::string_view source, bool colour) {
  std::string out;
  for (const auto& d : diagnostics.all()) out += render(d, source, colour);
  return out;
}

}  // namespace tuna::host
