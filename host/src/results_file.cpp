#include "results_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace tuna::host {

ResultsFile::ResultsFile(std::filesystem::path file, SecretRedactor secrets)
    : file_(std::move(file)), secrets_(std::move(secrets)) {
  fd_ = ::open(file_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0)
    throw ResultsFileError(fmt::format("cannot open {}: {}", file_.string(), std::strerror(errno)));
}

ResultsFile::~ResultsFile() { ::close(fd_); }

void ResultsFile::append(const MeasurementRecord& record) {
  if (failure_) throw ResultsFileError(*failure_);
  // A plugin may quote a tool's bytes that are not UTF-8 (a message, a label): they become
  // U+FFFD rather than an exception that would lose the record.
  const auto json = secrets_.redact_json(to_json(record, file_.parent_path()));
  write_line(json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
}

// write() rather than stdio: stdio may split a long line over several writes and hides
// how much of it reached the file, and that is what must be undone on a short write.
void ResultsFile::write_line(const std::string& line) {
  const off_t whole_records_end = ::lseek(fd_, 0, SEEK_END);
  std::size_t written = 0;
  while (written < line.size()) {
    const auto count = ::write(fd_, line.data() + written, line.size() - written);
    if (count > 0) {
      written += static_cast<std::size_t>(count);
      continue;
    }
    if (count < 0 && errno == EINTR) continue;  // a signal before anything was written
    // A write that takes nothing without an error is a full disk all the same.
    failure_ = fmt::format("cannot write {}: {}", file_.string(), std::strerror(count < 0 ? errno : ENOSPC));
    if (written > 0 && (whole_records_end < 0 || ::ftruncate(fd_, whole_records_end) != 0))
      *failure_ += fmt::format(" (and cannot cut the partial line off: {})", std::strerror(errno));
    throw ResultsFileError(*failure_);
  }
}

}  // namespace tuna::host
