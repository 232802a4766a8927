#include "parse/stamps.hpp"

#include <tuna/support/stamped_lines.hpp>

namespace tuna::ping {

StampedLine unstamp(std::string_view line) {
  return {support::strip_stamp(line), support::read_stamp(line)};
}

std::vector<StampedLine> stamped_lines(std::string_view text) {
  std::vector<StampedLine> lines;
  if (text.empty()) return lines;
  // Each piece between newlines, a last empty one included (as std::views::split gives
  // them; clang 14, the sanitized build's compiler, cannot compile libstdc++ 12's views).
  while (true) {
    const auto end = text.find('\n');
    auto line = text.substr(0, end);
    if (line.ends_with('\r')) line.remove_suffix(1);
    lines.push_back(unstamp(line));
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return lines;
}

}  // namespace tuna::ping
