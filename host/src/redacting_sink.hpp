// A log sink in front of another that takes every known secret out of each message before
// passing it on: whatever a component or a library logs, the console and tuna.log never
// show a password.
#pragma once

#include <spdlog/logger.h>
#include <spdlog/sinks/sink.h>

#include <memory>

#include "secret_redactor.hpp"

namespace tuna::host {

class RedactingSink final : public spdlog::sinks::sink {
 public:
  // Filters at `next`'s level, as `next` would.
  RedactingSink(std::shared_ptr<spdlog::sinks::sink> next, std::shared_ptr<const SecretRedactor> secrets);

  void log(const spdlog::details::log_msg& message) override;
  void flush() override { next_->flush(); }
  void set_pattern(const std::string& pattern) override { next_->set_pattern(pattern); }
  void set_formatter(std::unique_ptr<spdlog::formatter> formatter) override {
    next_->set_formatter(std::move(formatter));
  }

 private:
  std::shared_ptr<spdlog::sinks::sink> next_;
  std::shared_ptr<const SecretRedactor> secrets_;
};

// Puts each of `log`'s sinks behind a RedactingSink.
void redact_sinks(spdlog::logger& log, const std::shared_ptr<const SecretRedactor>& secrets);

}  // namespace tuna::host
