#include "component/raw_files.hpp"

#include <ctime>
#include <fstream>
#include <stdexcept>

#include <fmt/format.h>

namespace tuna::iperf {

std::string utc_stamp(std::chrono::system_clock::time_point when) {
  using namespace std::chrono;
  const auto seconds = floor<std::chrono::seconds>(when);
  const auto micros = duration_cast<microseconds>(when - seconds).count();
  const std::time_t whole = system_clock::to_time_t(seconds);
  std::tm utc{};
  gmtime_r(&whole, &utc);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z", utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday,
                     utc.tm_hour, utc.tm_min, utc.tm_sec, micros);
}

std::string raw_file_name(const std::string& direction, const std::string& protocol, const std::string& side,
                          int repetition, bool retry) {
  return fmt::format("{}-{}-{}-r{}{}.txt", direction, protocol, side, repetition, retry ? "-retry" : "");
}

void write_raw_file(const std::filesystem::path& path, const std::vector<OutputLine>& lines) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  for (const auto& line : lines) file << utc_stamp(line.received) << ' ' << line.text << '\n';
  if (!file) throw std::runtime_error(fmt::format("cannot write {}", path.string()));
}

}  // namespace tuna::iperf
