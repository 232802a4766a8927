#include "parse/lines.hpp"

#include <cctype>

namespace tuna::iperf {

namespace {

// The exact shape the component writes: YYYY-MM-DDTHH:MM:SS.ffffffZ and one space.
constexpr std::string_view timestamp_shape = "dddd-dd-ddTdd:dd:dd.ddddddZ ";

bool has_timestamp(std::string_view line) {
  if (line.size() < timestamp_shape.size()) return false;
  for (std::size_t i = 0; i < timestamp_shape.size(); ++i) {
    const char want = timestamp_shape[i];
    const char got = line[i];
    if (want == 'd' ? !std::isdigit(static_cast<unsigned char>(got)) : got != want) return false;
  }
  return true;
}

}  // namespace

std::string_view strip_timestamp(std::string_view line) {
  return has_timestamp(line) ? line.substr(timestamp_shape.size()) : line;
}

std::vector<std::string_view> output_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const auto end = text.find('\n');
    auto line = text.substr(0, end);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(strip_timestamp(line));
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return lines;
}

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t");
  return text.substr(first, last - first + 1);
}

}  // namespace tuna::iperf
