#include "step_context.hpp"

namespace tuna::host {

void StepLogger::log(LogLevel level, std::string_view message) {
  const auto spd = level == LogLevel::debug     ? spdlog::level::debug
                   : level == LogLevel::info    ? spdlog::level::info
                   : level == LogLevel::warning ? spdlog::level::warn
                                                : spdlog::level::err;
  sink_->log(spd, "{}{}", prefix_, message);
}

}  // namespace tuna::host
