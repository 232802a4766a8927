#include "tuna/support/stamped_lines.hpp"

#include <cctype>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <stdexcept>

#include <fmt/format.h>

namespace tuna::support {

namespace {

// The exact shape utc_stamp writes, then one space.
constexpr std::string_view stamp_shape = "dddd-dd-ddTdd:dd:dd.ddddddZ ";

bool has_stamp(std::string_view line) {
  if (line.size() < stamp_shape.size()) return false;
  for (std::size_t i = 0; i < stamp_shape.size(); ++i) {
    const char want = stamp_shape[i];
    const char got = line[i];
    if (want == 'd' ? !std::isdigit(static_cast<unsigned char>(got)) : got != want) return false;
  }
  return true;
}

}  // namespace

std::string utc_stamp(SystemTime when) {
  using namespace std::chrono;
  const auto seconds = floor<std::chrono::seconds>(when);
  const auto micros = duration_cast<microseconds>(when - seconds).count();
  const std::time_t whole = system_clock::to_time_t(seconds);
  std::tm utc{};
  gmtime_r(&whole, &utc);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z", utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday,
                     utc.tm_hour, utc.tm_min, utc.tm_sec, micros);
}

void write_stamped_file(const std::filesystem::path& path, const std::vector<OutputLine>& lines) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  for (const auto& line : lines) file << utc_stamp(line.received) << ' ' << line.text << '\n';
  if (!file) throw std::runtime_error(fmt::format("cannot write {}", path.string()));
}

std::string_view strip_stamp(std::string_view line) {
  return has_stamp(line) ? line.substr(stamp_shape.size()) : line;
}

std::optional<SystemTime> read_stamp(std::string_view line) {
  if (!has_stamp(line)) return std::nullopt;
  const std::string stamp(line.substr(0, stamp_shape.size()));
  std::tm utc{};
  long micros = 0;
  if (std::sscanf(stamp.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d.%6ldZ", &utc.tm_year, &utc.tm_mon, &utc.tm_mday,
                  &utc.tm_hour, &utc.tm_min, &utc.tm_sec, &micros) != 7)
    return std::nullopt;
  // Only times system_clock can hold (nanoseconds from 1970 run out in 2262) and fields in
  // their ranges: a damaged stamp is no stamp, not an overflow.
  if (utc.tm_year < 1970 || utc.tm_year > 2200 || utc.tm_mon < 1 || utc.tm_mon > 12 || utc.tm_mday < 1 ||
      utc.tm_mday > 31 || utc.tm_hour > 23 || utc.tm_min > 59 || utc.tm_sec > 60)
    return std::nullopt;
  utc.tm_year -= 1900;
  utc.tm_mon -= 1;
  return std::chrono::system_clock::from_time_t(timegm(&utc)) + std::chrono::microseconds(micros);
}

}  // namespace tuna::support
