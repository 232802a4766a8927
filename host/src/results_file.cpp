#include "results_file.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace tuna::host {

ResultsFile::ResultsFile(std::filesystem::path file) : file_(std::move(file)) {
  stream_ = std::fopen(file_.c_str(), "a");
  if (stream_ == nullptr)
    throw std::runtime_error(fmt::format("cannot open {}: {}", file_.string(), std::strerror(errno)));
}

ResultsFile::~ResultsFile() { std::fclose(stream_); }

void ResultsFile::append(const MeasurementRecord& record) {
  const auto line = to_json(record, file_.parent_path()).dump() + "\n";
  // One fwrite and a flush per record: a kill -9 later leaves whole lines behind.
  if (std::fwrite(line.data(), 1, line.size(), stream_) != line.size() || std::fflush(stream_) != 0)
    throw std::runtime_error(fmt::format("cannot write {}: {}", file_.string(), std::strerror(errno)));
}

}  // namespace tuna::host
