// What the parser tests share: the fixture files, and an independent reading of the
// numbers iperf printed in them (std::regex and a unit table of its own, not the parser's
// code), so that parsed figures are compared with the file, never with typed constants.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "run_tuna.hpp"

namespace tuna::iperf::testing {

using tuna::test::read_file;

inline std::filesystem::path iperf_fixtures() {
  return std::filesystem::path(TUNA_FIXTURES_DIR) / "iperf";
}

// Every fixture under tests/fixtures/iperf/<subdir> (all of them for ""), sorted, so a
// new capture is tested without touching the tests.
inline std::vector<std::filesystem::path> fixture_files(const std::string& subdir = "") {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(iperf_fixtures() / subdir)) {
    if (entry.is_regular_file() && entry.path().filename() != "README.md") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// iperf2 -y C rows start with a timestamp and have at least 9 fields.
inline bool is_csv_output(const std::string& text) {
  static const std::regex row(R"(^[+\-]?[0-9:.+-]{8,},([^,]*,){7,}[^,]*$)");
  const auto lines = lines_of(text);
  return std::any_of(lines.begin(), lines.end(),
                     [](const std::string& line) { return std::regex_match(line, row); });
}

// Human output: "KBytes" is 1024 bytes, "Kbits/sec" 1000 bits per second.
inline double printed_bytes(double value, const std::string& unit) {
  static const std::map<std::string, double> factor = {
      {"Bytes", 1.0}, {"KBytes", 1024.0}, {"MBytes", 1024.0 * 1024}, {"GBytes", 1024.0 * 1024 * 1024}};
  return value * factor.at(unit);
}
inline double printed_rate(double value, const std::string& unit) {
  static const std::map<std::string, double> factor = {
      {"bits/sec", 1.0}, {"Kbits/sec", 1e3}, {"Mbits/sec", 1e6}, {"Gbits/sec", 1e9}};
  return value * factor.at(unit);
}

// One transfer line of human output, either tool.
struct PrintedRow {
  std::string label;  // "5", "*1", "SUM"
  double start = 0;
  double end = 0;
  double bytes = 0;
  double bits_per_second = 0;
  std::string rest;  // what follows the rate
};

inline std::optional<PrintedRow> printed_row(const std::string& line) {
  static const std::regex pattern(
      R"(^\[\s*(\*?\w+)\](?:\[[A-Z-]+\])?\s+([0-9.]+)\s*-\s*([0-9.]+)\s+sec\s+([0-9.]+)\s+(\w*Bytes)\s+([0-9.]+)\s+(\w*bits/sec)(.*)$)");
  std::smatch match;
  if (!std::regex_match(line, match, pattern)) return std::nullopt;
  return PrintedRow{match[1], std::stod(match[2]), std::stod(match[3]),
                    printed_bytes(std::stod(match[4]), match[5]),
                    printed_rate(std::stod(match[6]), match[7]), match[8]};
}

inline std::vector<PrintedRow> printed_rows(const std::vector<std::string>& lines) {
  std::vector<PrintedRow> rows;
  for (const auto& line : lines) {
    if (auto row = printed_row(line)) rows.push_back(*row);
  }
  return rows;
}

// "0.056 ms  0/153 (0%)": jitter, lost, total as printed after the rate; iperf2's [SUM]
// lines print "0/7140 (0%)" right after the rate, with no jitter.
struct PrintedLoss {
  std::optional<double> jitter_ms;
  long lost = 0;
  long total = 0;
};
inline std::optional<PrintedLoss> printed_loss(const std::string& rest) {
  static const std::regex with_jitter(R"(([0-9.]+) ms\s+(\d+)/(\d+)\s+\()");
  static const std::regex counts_only(R"(^\s*(\d+)/(\d+)\s+\()");
  std::smatch match;
  if (std::regex_search(rest, match, with_jitter))
    return PrintedLoss{std::stod(match[1]), std::stol(match[2]), std::stol(match[3])};
  if (std::regex_search(rest, match, counts_only))
    return PrintedLoss{std::nullopt, std::stol(match[1]), std::stol(match[2])};
  return std::nullopt;
}

// Relative comparison: printed figures have 3 or 4 significant digits, and a sum of
// rounded figures differs from a rounded sum by up to the rounding of each.
inline ::testing::AssertionResult near(double actual, double expected, double relative) {
  const double tolerance = std::max(std::abs(expected) * relative, 1e-9);
  if (std::abs(actual - expected) <= tolerance) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << actual << " is not within " << relative * 100
                                       << "% of " << expected;
}

}  // namespace tuna::iperf::testing
