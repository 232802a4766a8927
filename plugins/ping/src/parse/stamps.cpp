#include "parse/stamps.hpp"

#include <cstdio>
#include <ctime>
#include <string>

// The iperf component writes the stamps (component/raw_files.cpp) and recognises them;
// the ping component saves its raw output with the same writer.
#include "parse/lines.hpp"

namespace tuna::ping {

namespace {

// `prefix` has the exact shape strip_timestamp recognised: YYYY-MM-DDTHH:MM:SS.ffffffZ.
std::optional<SystemTime> read_stamp(std::string_view prefix) {
  const std::string copy(prefix);
  std::tm utc{};
  long micros = 0;
  if (std::sscanf(copy.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d.%6ldZ", &utc.tm_year, &utc.tm_mon, &utc.tm_mday,
                  &utc.tm_hour, &utc.tm_min, &utc.tm_sec, &micros) != 7)
    return std::nullopt;
  utc.tm_year -= 1900;
  utc.tm_mon -= 1;
  return std::chrono::system_clock::from_time_t(timegm(&utc)) + std::chrono::microseconds(micros);
}

}  // namespace

StampedLine unstamp(std::string_view line) {
  const auto text = tuna::iperf::strip_timestamp(line);
  if (text.size() == line.size()) return {text, std::nullopt};
  return {text, read_stamp(line.substr(0, line.size() - text.size()))};
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
