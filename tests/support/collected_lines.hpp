// A LineHandler that keeps what a process prints, for tests of Host and Process
// implementations. on_line runs on the implementation's reader thread, hence the lock.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <vector>

#include <tuna/host.hpp>

namespace tuna::test {

class Collected {
 public:
  LineHandler handler() {
    return [this](const OutputLine& line) {
      std::lock_guard lock(mutex_);
      lines_.push_back(line);
      changed_.notify_all();
    };
  }
  bool wait_for_lines(std::size_t count, std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] { return lines_.size() >= count; });
  }
  std::vector<OutputLine> lines() {
    std::lock_guard lock(mutex_);
    return lines_;
  }
  std::vector<std::string> texts(Stream stream) {
    std::vector<std::string> texts;
    for (const auto& line : lines())
      if (line.stream == stream) texts.push_back(line.text);
    return texts;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<OutputLine> lines_;
};

}  // namespace tuna::test
