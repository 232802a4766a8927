// Runs the real tuna binary the way a user would, and captures what it said.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace tuna::test {

struct TunaOutput {
  int status = -1;
  std::string out;
  std::string err;
};

inline std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// A fresh directory under the system temp dir, removed with the object.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "tuna-test-XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path write(const std::string& name, const std::string& text) const {
    std::ofstream(path_ / name, std::ios::binary) << text;
    return path_ / name;
  }

 private:
  std::filesystem::path path_;
};

// The whole records of a results.jsonl: a line still being written (or torn by a kill)
// is not a record yet.
inline std::vector<nlohmann::json> read_records(const std::filesystem::path& results) {
  std::vector<nlohmann::json> found;
  std::istringstream lines(read_file(results));
  for (std::string line; std::getline(lines, line) && !lines.eof();) {
    auto record = nlohmann::json::parse(line, nullptr, false);
    if (!record.is_discarded()) found.push_back(std::move(record));
  }
  return found;
}

// A null-terminated char* array over `strings` (which must outlive it), for posix_spawn.
inline std::vector<char*> c_strings(std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  for (auto& s : strings) pointers.push_back(s.data());
  pointers.push_back(nullptr);
  return pointers;
}

// `arguments` is pasted into a shell command line: tests pass only paths they made.
inline TunaOutput run_tuna(const std::string& arguments, const std::string& environment = "") {
  TempDir capture;
  const auto out = capture.path() / "out", err = capture.path() / "err";
  const std::string command = "NO_COLOR=1 " + environment + " " + TUNA_BINARY + " " + arguments + " >" +
                              out.string() + " 2>" + err.string() + " </dev/null";
  const int raw = std::system(command.c_str());
  TunaOutput result;
  result.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : 128 + WTERMSIG(raw);
  result.out = read_file(out);
  result.err = read_file(err);
  return result;
}

}  // namespace tuna::test
