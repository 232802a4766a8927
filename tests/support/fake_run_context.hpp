// What the host lends a step, for tests: hosts by name, a log that remembers, an
// artifact directory, and the settings exactly as the host's validator builds them.
#pragma once

#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include <tuna/component.hpp>
#include <tuna/step.hpp>

#include "diagnostics.hpp"
#include "run_tuna.hpp"
#include "schema_validator.hpp"
#include "yaml_document.hpp"

namespace tuna::test {

class RecordingLogger final : public tuna::Logger {
 public:
  void log(tuna::LogLevel level, std::string_view message) override {
    std::lock_guard lock(mutex_);
    lines_.emplace_back(level, std::string(message));
  }
  std::vector<std::pair<tuna::LogLevel, std::string>> lines() const {
    std::lock_guard lock(mutex_);
    return lines_;
  }
  bool said(tuna::LogLevel level, std::string_view text) const {
    for (const auto& [l, message] : lines())
      if (l == level && message.find(text) != std::string::npos) return true;
    return false;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<std::pair<tuna::LogLevel, std::string>> lines_;
};

class FakeRunContext final : public tuna::RunContext {
 public:
  void add_host(tuna::Host& host) { hosts_[host.name()] = &host; }

  tuna::Host& host(std::string_view name) override {
    auto it = hosts_.find(std::string(name));
    if (it == hosts_.end()) throw std::out_of_range(fmt::format("no host {}", name));
    return *it->second;
  }
  tuna::Logger& log() override { return logger; }
  const std::filesystem::path& artifact_dir() const override { return artifacts_.path(); }
  tuna::Clock::time_point deadline() const override { return deadline_at; }
  bool cancelled() const override { return cancel; }
  int repetition() const override { return repetition_number; }
  void progress(std::string_view status) override { progress_updates.emplace_back(status); }
  void record(tuna::Measurement measurement) override { measurements.push_back(std::move(measurement)); }

  RecordingLogger logger;
  tuna::Clock::time_point deadline_at = tuna::Clock::now() + std::chrono::minutes(5);
  bool cancel = false;
  int repetition_number = 1;
  std::vector<std::string> progress_updates;
  std::vector<tuna::Measurement> measurements;

 private:
  std::map<std::string, tuna::Host*> hosts_;
  TempDir artifacts_;
};

// The Config the host builds from a step's `settings:` mapping (given as YAML text),
// through its own validator. Throws std::invalid_argument with the host's messages
// when the settings are not valid; every host name is taken as known.
inline tuna::Config validated_settings(const tuna::ComponentSpec& spec, const std::string& settings_yaml) {
  tuna::host::Diagnostics diagnostics;
  std::string text = "settings:\n";
  std::size_t start = 0;
  while (start < settings_yaml.size()) {
    auto end = settings_yaml.find('\n', start);
    if (end == std::string::npos) end = settings_yaml.size();
    text += "  " + settings_yaml.substr(start, end - start) + "\n";
    start = end + 1;
  }
  auto document = tuna::host::parse_yaml_text("settings.yaml", text, diagnostics);
  tuna::Config config;
  if (document.ok) {
    auto entries = tuna::host::entries(document.root);
    tuna::host::SettingsContext context{"settings.yaml", spec.name, {},
                                        [](const std::string&, const tuna::Location&) { return std::nullopt; },
                                        diagnostics};
    config = tuna::host::validate_settings(entries.empty() ? nullptr : &entries.front(), spec.schema, context);
  }
  if (diagnostics.has_errors()) throw std::invalid_argument(tuna::host::render_all(diagnostics, text, false));
  return config;
}

}  // namespace tuna::test
