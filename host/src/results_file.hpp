// results.jsonl: one JSON line per measurement, written and flushed the moment the
// measurement completes, so a crash or Ctrl-C keeps everything measured so far.
#pragma once

#include <cstdio>
#include <filesystem>

#include "measurement_record.hpp"

namespace tuna::host {

class ResultsFile {
 public:
  // Throws std::runtime_error (with the reason) when the file cannot be opened.
  explicit ResultsFile(std::filesystem::path file);
  ~ResultsFile();
  ResultsFile(const ResultsFile&) = delete;
  ResultsFile& operator=(const ResultsFile&) = delete;

  // Throws std::runtime_error when the line cannot be written whole.
  void append(const MeasurementRecord& record);
  const std::filesystem::path& path() const { return file_; }

 private:
  std::filesystem::path file_;
  std::FILE* stream_;
};

}  // namespace tuna::host
