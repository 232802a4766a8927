#include "run_reports.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>

#include "report_csv.hpp"
#include "report_html.hpp"
#include "report_junit.hpp"

namespace tuna::host {
namespace fs = std::filesystem;
namespace {

// A reader of the report never sees half a file, and a failed write leaves the old one.
void replace_file(const fs::path& file, const std::string& text) {
  const auto aside = fs::path(file).concat(".tmp");
  {
    std::ofstream out(aside, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) {
      const int error = errno;
      // A half-written copy is of no use, and on a full disk its space is wanted back.
      std::error_code ignored;
      fs::remove(aside, ignored);
      throw std::runtime_error(fmt::format("cannot write {}: {}", aside.string(), std::strerror(error)));
    }
  }
  fs::rename(aside, file);
}

}  // namespace

std::optional<std::string> not_a_run_directory(const fs::path& dir) {
  if (fs::is_regular_file(dir / "results.jsonl")) return std::nullopt;
  return fmt::format("{} has no results.jsonl: not a run directory of `tuna run`", dir.string());
}

ResultsRead read_results(const fs::path& results_jsonl) {
  std::ifstream in(results_jsonl, std::ios::binary);
  if (!in)
    throw std::runtime_error(fmt::format("cannot read {}: {}", results_jsonl.string(), std::strerror(errno)));
  ResultsRead read;
  std::size_t number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    if (line.empty()) continue;
    auto record = nlohmann::ordered_json::parse(line, nullptr, false);
    if (record.is_object())
      read.records.push_back(std::move(record));
    else
      read.torn_lines.push_back(number);
  }
  return read;
}

std::size_t write_run_reports(const fs::path& run_dir, spdlog::logger& log) {
  const auto results = run_dir / "results.jsonl";
  const auto read = read_results(results);
  for (const auto line : read.torn_lines)
    log.warn(
        "{}:{}: not a whole record (a run stopped while writing it?); skipped, reporting the "
        "{} complete record{}",
        results.string(), line, read.records.size(), read.records.size() == 1 ? "" : "s");
  replace_file(run_dir / "summary.csv", summary_csv(read.records));
  replace_file(run_dir / "junit.xml", junit_xml(read.records, run_dir));
  replace_file(run_dir / "report.html", report_html(read.records));
  return read.records.size();
}

}  // namespace tuna::host
