// What the command component's tests share: a pipeline file of command steps written
// from the test's own words, `tuna run` / `tuna check` on it, and readers of what the run
// left behind (records, output files, pids).
#pragma once

#include <gtest/gtest.h>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "run_tuna.hpp"

namespace tuna::command_test {

using json = nlohmann::json;
using test::TempDir;

// A YAML flow sequence of the words, each a JSON string (valid YAML double-quoted text):
// whatever a word holds, YAML hands it over unchanged.
inline std::string yaml_list(const std::vector<std::string>& words) { return json(words).dump(); }
inline std::string yaml_text(const std::string& text) { return json(text).dump(); }

// The 1-based "line:column" where `needle` starts in `text`, as tuna's messages print it.
inline std::string position_of(const std::string& text, const std::string& needle) {
  const auto at = text.find(needle);
  EXPECT_NE(at, std::string::npos) << needle;
  const auto line_start = text.rfind('\n', at);
  const auto line = std::count(text.begin(), text.begin() + static_cast<long>(at), '\n') + 1;
  const auto column = at - (line_start == std::string::npos ? 0 : line_start + 1) + 1;
  return std::to_string(line) + ":" + std::to_string(column);
}

// The text of an output file without its stamps and stream marks; every line must have
// both. `stream` picks "out" or "err" lines; empty takes both.
inline std::string unstamped(const std::filesystem::path& file, const std::string& stream = "") {
  static const std::regex stamped(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z (out|err) (.*)$)");
  std::istringstream in(test::read_file(file));
  std::string text;
  for (std::string line; std::getline(in, line);) {
    std::smatch match;
    EXPECT_TRUE(std::regex_match(line, match, stamped)) << file << ": " << line;
    if (stream.empty() || match[1] == stream) text += match[2].str() + "\n";
  }
  return text;
}

// Whether a process of this machine runs. A zombie does not: it has ended, and only waits
// for its parent (init, for an orphan, which reaps when it gets round to it).
inline bool pid_runs(long pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return false;
  // "pid (comm) S ...": the state follows the last ')', as comm may hold one.
  const auto state = line.find_first_not_of(' ', line.rfind(')') + 1);
  return state != std::string::npos && line[state] != 'Z' && line[state] != 'X';
}

// Words that a shell would act on; each names a file in `dir` that exists only if it did.
inline std::vector<std::string> hostile_words(const std::filesystem::path& dir) {
  const auto file = [&](const char* name) { return (dir / name).string(); };
  return {"-rf", "--help", "$(touch " + file("dollar") + ")", "`touch " + file("backtick") + "`",
          "; touch " + file("semicolon"), "&& touch " + file("and") + " ||", "| tee " + file("pipe"),
          "> " + file("redirect"), "it's \"quoted\"", "line one\nline two", "*", "~", "$HOME", ""};
}

inline void expect_nothing_executed(const std::filesystem::path& dir) {
  for (const char* name : {"dollar", "backtick", "semicolon", "and", "pipe", "redirect"})
    EXPECT_FALSE(std::filesystem::exists(dir / name)) << name << " was created: a word was run by a shell";
}

// printf printing each word on a line of its own, and what it prints.
inline std::vector<std::string> printf_argv(const std::vector<std::string>& words) {
  std::vector<std::string> argv{"printf", "%s\\n"};
  argv.insert(argv.end(), words.begin(), words.end());
  return argv;
}
inline std::string one_per_line(const std::vector<std::string>& words) {
  std::string lines;
  for (const auto& word : words) lines += word + "\n";
  return lines;
}

// A pipeline of command steps in a fresh directory, run or checked by the real tuna.
class CommandPipeline {
 public:
  // `hosts`: the body of the hosts table, indented by four spaces.
  explicit CommandPipeline(std::string hosts = "  dut: { address: localhost }\n") : hosts_(std::move(hosts)) {}

  // `settings`: the step's settings mapping body, each line indented by six spaces;
  // `step_fields`: more step fields (timeout, ...), indented by four.
  CommandPipeline& step(const std::string& name, const std::string& settings, const std::string& step_fields = "") {
    steps_ += "  - name: " + name + "\n    component: command\n    on_failure: continue\n" + step_fields +
              "    settings:\n" + settings;
    return *this;
  }

  std::string text() const { return "name: command-test\nhosts:\n" + hosts_ + "steps:\n" + steps_; }
  std::filesystem::path file() const { return dir_.write("pipeline.yaml", text()); }
  std::filesystem::path run_dir() const { return dir_.path() / "run"; }
  const TempDir& dir() const { return dir_; }

  test::TunaOutput run(const std::string& options = "") const {
    return test::run_tuna("run " + file().string() + " --output " + run_dir().string() + " " + options);
  }
  test::TunaOutput check(const std::string& options = "") const {
    return test::run_tuna("check " + file().string() + " " + options);
  }

  // The run's record of a step (one repetition, one measurement).
  json record(const std::string& step) const {
    for (auto& record : test::read_records(run_dir() / "results.jsonl"))
      if (record["step"] == step) return record;
    ADD_FAILURE() << "no record of step " << step;
    return json::object();
  }
  // The output file a step's record names.
  std::filesystem::path output_file(const json& record) const {
    EXPECT_EQ(record["artifacts"].size(), 1u) << record.dump();
    return record["artifacts"].empty() ? std::filesystem::path() : run_dir() / record["artifacts"][0].get<std::string>();
  }

 private:
  std::string hosts_;
  std::string steps_;
  TempDir dir_;
};

}  // namespace tuna::command_test
