// results.jsonl: one JSON line per measurement, written the moment the measurement
// completes, so a crash or Ctrl-C keeps everything measured so far.
#pragma once

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>

#include "measurement_record.hpp"
#include "secret_redactor.hpp"

namespace tuna::host {

// The results file cannot be opened or cannot take a record: "cannot write FILE: reason".
class ResultsFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class ResultsFile {
 public:
  // Appends to `file` (created if missing), every record with `secrets` redacted. Throws
  // ResultsFileError when it cannot be opened.
  explicit ResultsFile(std::filesystem::path file, SecretRedactor secrets = {});
  ~ResultsFile();
  ResultsFile(const ResultsFile&) = delete;
  ResultsFile& operator=(const ResultsFile&) = delete;

  // Adds the record as one line, whole or not at all: a line the disk had room for only
  // in part is cut off again, so the file always ends with the last whole record. Throws
  // ResultsFileError (naming the file and the reason) when the line cannot be written;
  // from then on every append fails the same way, so a later record never lands after a
  // lost one as if it were the next.
  void append(const MeasurementRecord& record);
  const std::filesystem::path& path() const { return file_; }

 private:
  void write_line(const std::string& line);

  std::filesystem::path file_;
  SecretRedactor secrets_;
  int fd_;
  std::optional<std::string> failure_;
};

}  // namespace tuna::host
