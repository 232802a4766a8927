// Where tuna talks to the user: stderr logs (spdlog), colour rules, and the live
// progress line that only a terminal gets.
#pragma once

#include <cstdio>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include <fmt/color.h>
#include <spdlog/logger.h>

namespace tuna::host {

// Colour only on a terminal and only when NO_COLOR is unset (https://no-color.org).
bool colour_enabled(std::FILE* stream);

// Makes the process-wide logger: stderr at info (-v: debug, -q: warnings and errors).
// A file sink can be added later for a run's debug log.
std::shared_ptr<spdlog::logger> make_console_logger(int verbosity);

// Text in colour when `enabled`, plain otherwise.
std::string paint(bool enabled, fmt::text_style style, std::string_view text);

// One status line rewritten in place on a terminal; silent when stderr is not one, where
// the log lines already say what happens.
class ProgressLine {
 public:
  explicit ProgressLine(std::FILE* stream);
  void show(std::string_view label, std::string_view status);
  void clear();
  bool active() const { return tty_; }

 private:
  std::FILE* stream_;
  bool tty_;
  bool shown_ = false;
  std::mutex mutex_;
};

}  // namespace tuna::host
