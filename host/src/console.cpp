#include "console.hpp"

#include <cstdlib>

#include <spdlog/sinks/ansicolor_sink.h>
#include <unistd.h>

namespace tuna::host {

bool colour_enabled(std::FILE* stream) {
  const char* no_colour = std::getenv("NO_COLOR");
  return isatty(fileno(stream)) && (no_colour == nullptr || *no_colour == '\0');
}

std::shared_ptr<spdlog::logger> make_console_logger(int verbosity) {
  auto sink = std::make_shared<spdlog::sinks::ansicolor_stderr_sink_mt>(
      colour_enabled(stderr) ? spdlog::color_mode::always : spdlog::color_mode::never);
  sink->set_pattern("%^%l%$: %v");
  sink->set_level(verbosity > 0 ? spdlog::level::debug
                  : verbosity < 0 ? spdlog::level::warn
                                  : spdlog::level::info);
  auto logger = std::make_shared<spdlog::logger>("tuna", sink);
  logger->set_level(spdlog::level::debug);  // sinks filter: a run's log file keeps debug
  logger->flush_on(spdlog::level::debug);
  return logger;
}

std::string paint(bool enabled, fmt::text_style style, std::string_view text) {
  return enabled ? fmt::format(style, "{}", text) : std::string(text);
}

ProgressLine::ProgressLine(std::FILE* stream) : stream_(stream), tty_(isatty(fileno(stream))) {}

void ProgressLine::show(std::string_view label, std::string_view status) {
  if (!tty_) return;
  std::lock_guard lock(mutex_);
  fmt::print(stream_, "\r\x1b[K{}: {}", label, status);
  std::fflush(stream_);
  shown_ = true;
}

void ProgressLine::clear() {
  if (!tty_) return;
  std::lock_guard lock(mutex_);
  if (shown_) fmt::print(stream_, "\r\x1b[K");
  std::fflush(stream_);
  shown_ = false;
}

}  // namespace tuna::host
