// A tuna::Host whose commands are scripted, for testing components without running
// anything: start() records the command and plays the script's output back at once.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <tuna/host.hpp>

namespace tuna::test {

struct ScriptedRun {
  std::vector<std::pair<tuna::Stream, std::string>> lines;
  int exit_code = 0;
  bool runs_until_stopped = false;  // a command that never ends by itself
};

// Plays `lines` back in one go; the text of a file becomes one line each.
inline std::vector<std::pair<tuna::Stream, std::string>> out_lines(const std::string& text) {
  std::vector<std::pair<tuna::Stream, std::string>> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    lines.emplace_back(tuna::Stream::out, text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

class ScriptedProcess final : public tuna::Process {
 public:
  ScriptedProcess(long pid, int exit_code, bool runs) : pid_(pid), exit_code_(exit_code), running_(runs) {}
  long pid() const override { return pid_; }
  std::optional<tuna::ExitStatus> wait_until(tuna::Clock::time_point until) override {
    if (!running_) return tuna::ExitStatus{exit_code_, 0};
    std::this_thread::sleep_until(std::min(until, tuna::Clock::now() + std::chrono::seconds(5)));
    return std::nullopt;
  }
  tuna::ExitStatus stop(std::chrono::milliseconds) override {
    if (running_) {
      running_ = false;
      exit_code_ = -1;
      signal_ = 15;
    }
    return tuna::ExitStatus{exit_code_, signal_};
  }

 private:
  long pid_;
  int exit_code_;
  int signal_ = 0;
  bool running_;
};

class FakeHost final : public tuna::Host {
 public:
  // The script answers a command; a missing script or one that throws is a program
  // that cannot be started.
  using Script = std::function<ScriptedRun(const std::vector<std::string>& argv)>;

  FakeHost(std::string name, std::string test_address, Script script = {})
      : name_(std::move(name)), test_address_(std::move(test_address)), script_(std::move(script)) {}

  const std::string& name() const override { return name_; }
  const std::string& test_address() const override { return test_address_; }
  std::string program(std::string_view tool) const override { return std::string(tool); }
  std::string render(const std::vector<std::string>& argv) const override { return fmt::format("{}", fmt::join(argv, " ")); }

  std::unique_ptr<tuna::Process> start(const std::vector<std::string>& argv, tuna::LineHandler on_line) override {
    {
      std::lock_guard lock(mutex_);
      started_.push_back(argv);
    }
    if (!script_) throw std::runtime_error(fmt::format("{}: not found", argv.front()));
    const auto run = script_(argv);
    for (const auto& [stream, text] : run.lines) on_line({stream, text, std::chrono::system_clock::now()});
    return std::make_unique<ScriptedProcess>(next_pid_++, run.exit_code, run.runs_until_stopped);
  }

  std::vector<std::vector<std::string>> started() const {
    std::lock_guard lock(mutex_);
    return started_;
  }

 private:
  std::string name_;
  std::string test_address_;
  Script script_;
  mutable std::mutex mutex_;
  std::vector<std::vector<std::string>> started_;
  long next_pid_ = 1000;
};

}  // namespace tuna::test
