// The reports of a run directory (summary.csv, junit.xml, report.html), always made from its
// results.jsonl: `tuna run` writes them when it ends, `tuna report DIR` rebuilds them.
#pragma once

#include <spdlog/logger.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace tuna::host {

struct ResultsRead {
  std::vector<nlohmann::ordered_json> records;
  // The numbers (from 1) of lines that are not whole records, left out: a run killed while
  // writing one leaves it torn, and a later run into the same directory appends after it.
  std::vector<std::size_t> torn_lines;
};

// Why `dir` is not a directory `tuna run` wrote (it has no results.jsonl), or nullopt when
// it is one: what `tuna report` and `tuna run --resume` refuse.
std::optional<std::string> not_a_run_directory(const std::filesystem::path& dir);

// The records of a results.jsonl. Throws std::runtime_error when the file cannot be read.
ResultsRead read_results(const std::filesystem::path& results_jsonl);

// Writes `run_dir`/summary.csv, junit.xml and report.html from `run_dir`/results.jsonl, each
// replaced whole (written aside, then renamed), and warns on `log` about torn lines.
// Returns how many records the reports hold. Throws std::runtime_error on I/O errors.
std::size_t write_run_reports(const std::filesystem::path& run_dir, spdlog::logger& log);

}  // namespace tuna::host
