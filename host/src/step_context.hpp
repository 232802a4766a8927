// The RunContext one step gets: the host's side of the plugin contract.
#pragma once

#include <spdlog/logger.h>

#include <atomic>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <tuna/step.hpp>

#include "host_table.hpp"

namespace tuna::host {

// tuna::Logger on top of the run's spdlog logger, every line prefixed with the step.
class StepLogger final : public Logger {
 public:
  StepLogger(std::shared_ptr<spdlog::logger> sink, std::string prefix)
      : sink_(std::move(sink)), prefix_(std::move(prefix)) {}
  void log(LogLevel level, std::string_view message) override;

 private:
  std::shared_ptr<spdlog::logger> sink_;
  std::string prefix_;
};

class StepContext final : public RunContext {
 public:
  struct Wiring {
    HostTable* hosts;
    std::shared_ptr<spdlog::logger> log;
    std::string step_label;  // "throughput" or "throughput #2"
    std::filesystem::path artifact_dir;
    Clock::time_point deadline;
    const std::atomic<bool>* cancel;
    int repetition;
    std::function<void(std::string_view)> on_progress;
    std::function<void(Measurement)> on_record;
  };
  explicit StepContext(Wiring wiring)
      : wiring_(std::move(wiring)), logger_(wiring_.log, "[" + wiring_.step_label + "] ") {}

  Host& host(std::string_view name) override { return wiring_.hosts->get(name); }
  Logger& log() override { return logger_; }
  const std::filesystem::path& artifact_dir() const override { return wiring_.artifact_dir; }
  Clock::time_point deadline() const override { return wiring_.deadline; }
  bool cancelled() const override { return wiring_.cancel->load(); }
  int repetition() const override { return wiring_.repetition; }
  void progress(std::string_view status) override { wiring_.on_progress(status); }
  void record(Measurement measurement) override {
    ++recorded_;
    wiring_.on_record(std::move(measurement));
  }
  int recorded() const { return recorded_; }

 private:
  Wiring wiring_;
  StepLogger logger_;
  int recorded_ = 0;
};

}  // namespace tuna::host
