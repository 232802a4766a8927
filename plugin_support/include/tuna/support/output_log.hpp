// The lines of one running command, filled from the host's reader thread and read by the
// step's thread: readiness checks, live echo, and afterwards the raw file and the parser.
#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <tuna/host.hpp>

namespace tuna::support {

class OutputLog : public std::enable_shared_from_this<OutputLog> {
 public:
  // Shared, so the handler stays valid however long the host's reader thread holds it.
  static std::shared_ptr<OutputLog> create() { return std::shared_ptr<OutputLog>(new OutputLog()); }
  LineHandler handler();

  // Waits until some line holds `text` (true) or `until` passes (false).
  bool wait_for_text(std::string_view text, Clock::time_point until);
  bool contains(std::string_view text) const;
  // The lines that arrived since the last call.
  std::vector<std::string> take_new_lines();
  // When the last line arrived (the log's creation before any).
  Clock::time_point last_arrival() const;

  std::vector<OutputLine> lines() const;
  // stdout and stderr lines in arrival order, without timestamps: what the parser reads.
  std::string text() const;
  // The last line, for messages ("" if none).
  std::string last_line() const;

 private:
  OutputLog() = default;
  void add(const OutputLine& line);

  mutable std::mutex mutex_;
  std::condition_variable arrived_;
  std::vector<OutputLine> lines_;
  std::size_t taken_ = 0;
  Clock::time_point last_arrival_ = Clock::now();
};

}  // namespace tuna::support
