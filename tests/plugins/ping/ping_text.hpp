// Figures read from ping's text the plain way (string search and sscanf), to check the
// parser against: nothing here shares code with it. And ping itself, run on loopback.
#pragma once

#include <chrono>
#include <cstdio>
#include <ctime>
#include <optional>
#include <sstream>
#include <string>
#include <tuna/host.hpp>
#include <vector>

#include "local_host.hpp"

namespace tuna::test::ping_text {

inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

inline std::optional<std::string> line_with(const std::string& text, const std::string& needle) {
  for (const auto& line : lines_of(text))
    if (line.find(needle) != std::string::npos) return line;
  return std::nullopt;
}

// The number written just before `word` in `line` ("+3 duplicates", "25% packet loss").
inline std::optional<double> number_before(const std::string& line, const std::string& word) {
  const auto at = line.find(word);
  if (at == std::string::npos) return std::nullopt;
  auto start = line.rfind(' ', at - 1);
  start = start == std::string::npos ? 0 : start + 1;
  if (line[start] == '+') ++start;
  return std::stod(line.substr(start, at - start));
}

struct PrintedSummary {
  long transmitted = -1;
  long received = -1;
  double loss = -1;
  double duplicates = 0;
  double errors = 0;
  double time_ms = -1;
};

inline std::optional<PrintedSummary> printed_summary(const std::string& text) {
  const auto line = line_with(text, "packets transmitted");
  if (!line) return std::nullopt;
  PrintedSummary summary;
  summary.transmitted = static_cast<long>(*number_before(*line, " packets transmitted"));
  summary.received = static_cast<long>(*number_before(*line, " received"));
  summary.loss = number_before(*line, "% packet loss").value_or(-1);
  summary.duplicates = number_before(*line, " duplicates").value_or(0);
  summary.errors = number_before(*line, " errors").value_or(0);
  summary.time_ms = std::stod(line->substr(line->find(", time ") + 7));
  return summary;
}

struct PrintedRtt {
  double min = -1, avg = -1, max = -1, mdev = -1;
};

inline std::optional<PrintedRtt> printed_rtt(const std::string& text) {
  const auto line = line_with(text, "min/avg/max/mdev = ");
  if (!line) return std::nullopt;
  PrintedRtt rtt;
  std::sscanf(line->c_str() + line->find("= ") + 2, "%lf/%lf/%lf/%lf", &rtt.min, &rtt.avg, &rtt.max,
              &rtt.mdev);
  return rtt;
}

struct PrintedReply {
  int sequence = -1;
  double time_ms = -1;
  bool duplicate = false;
  std::string line;  // as printed, any stamp included
};

inline std::vector<PrintedReply> printed_replies(const std::string& text) {
  std::vector<PrintedReply> replies;
  for (const auto& line : lines_of(text)) {
    if (line.find(" bytes from ") == std::string::npos) continue;
    replies.push_back({std::stoi(line.substr(line.find("icmp_seq=") + 9)),
                       std::stod(line.substr(line.find("time=") + 5)),
                       line.find("(DUP!)") != std::string::npos, line});
  }
  return replies;
}

// Seconds since the epoch of a saved line's "2026-11-26T10:00:00.123456Z " stamp.
inline double stamp_seconds(const std::string& line) {
  std::tm utc{};
  double seconds = 0;
  std::sscanf(line.c_str(), "%d-%d-%dT%d:%d:%lfZ", &utc.tm_year, &utc.tm_mon, &utc.tm_mday, &utc.tm_hour,
              &utc.tm_min, &seconds);
  utc.tm_year -= 1900;
  utc.tm_mon -= 1;
  return static_cast<double>(timegm(&utc)) + seconds;
}

// ping on this machine with `arguments`; what it printed on stdout and stderr.
inline std::string run_ping(const std::vector<std::string>& arguments) {
  tuna::host::LocalHost local("local", "127.0.0.1");
  std::vector<std::string> argv{"ping"};
  argv.insert(argv.end(), arguments.begin(), arguments.end());
  const auto result = local.run(argv, std::chrono::seconds(20));
  return result.out + result.err;
}

}  // namespace tuna::test::ping_text
