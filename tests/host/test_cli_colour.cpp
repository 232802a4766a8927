// Colour only on a terminal, and only when NO_COLOR is unset: tuna's stderr is given a
// real pseudo-terminal here, as an interactive shell would.
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <regex>

#include "run_tuna.hpp"

using testing::HasSubstr;
using testing::Not;
using tuna::test::run_tuna;
using tuna::test::TempDir;

namespace {

// tuna's stderr as a terminal shows it.
std::string stderr_on_a_terminal(const std::vector<std::string>& arguments, bool no_colour) {
  const int master = posix_openpt(O_RDWR | O_NOCTTY);
  EXPECT_GE(master, 0);
  EXPECT_EQ(grantpt(master), 0);
  EXPECT_EQ(unlockpt(master), 0);
  const std::string terminal = ptsname(master);

  std::vector<std::string> args{TUNA_BINARY};
  args.insert(args.end(), arguments.begin(), arguments.end());
  auto argv = tuna::test::c_strings(args);
  std::vector<std::string> env_strings;
  for (char** e = environ; *e; ++e)
    if (std::string_view(*e).substr(0, 9) != "NO_COLOR=") env_strings.emplace_back(*e);
  if (no_colour) env_strings.emplace_back("NO_COLOR=1");
  auto envp = tuna::test::c_strings(env_strings);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, terminal.c_str(), O_RDWR, 0);
  posix_spawn_file_actions_addclose(&actions, master);
  pid_t pid = 0;
  EXPECT_EQ(posix_spawn(&pid, args[0].c_str(), &actions, nullptr, argv.data(), envp.data()), 0);
  posix_spawn_file_actions_destroy(&actions);

  // Read until the child closes the terminal (EIO) or 10 s pass.
  std::string seen;
  const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < end) {
    pollfd ready{master, POLLIN, 0};
    if (poll(&ready, 1, 100) <= 0) continue;
    char buffer[4096];
    const auto n = read(master, buffer, sizeof buffer);
    if (n <= 0) break;
    seen.append(buffer, static_cast<std::size_t>(n));
  }
  int status = 0;
  waitpid(pid, &status, 0);
  close(master);
  return seen;
}

}  // namespace

TEST(CliColour, OnlyOnATerminalAndOnlyWithoutNoColor) {
  TempDir dir;
  const auto bad =
      dir.write("bad.yaml", "steps:\n  - name: x\n    component: sleep\n    settings: { secnds: 1 }\n");
  const std::string escape = "\x1b[";

  const auto coloured = stderr_on_a_terminal({"check", bad.string()}, false);
  EXPECT_THAT(coloured, HasSubstr("secnds"));
  EXPECT_THAT(coloured, HasSubstr(escape));

  const auto plain = stderr_on_a_terminal({"check", bad.string()}, true);
  EXPECT_THAT(plain, HasSubstr("secnds"));
  EXPECT_THAT(plain, Not(HasSubstr(escape)));

  // Not a terminal: plain, even without NO_COLOR.
  const auto piped = run_tuna("check " + bad.string(), "env -u NO_COLOR");
  EXPECT_THAT(piped.err, HasSubstr("secnds"));
  EXPECT_THAT(piped.err, Not(HasSubstr(escape)));
}

// A terminal gets a live line per running step, rewritten in place: elapsed time, then
// what the step reports (the sleep step: time left). Elsewhere only the log lines.
TEST(CliColour, ALiveLineOnATerminalOnly) {
  TempDir dir;
  const auto file =
      dir.write("nap.yaml", "steps:\n  - name: nap\n    component: sleep\n    settings: { seconds: 0.4 }\n");
  const auto out = (dir.path() / "run").string();
  const auto shown = stderr_on_a_terminal({"run", file.string(), "--output", out}, true);
  EXPECT_TRUE(std::regex_search(shown, std::regex(R"(\r\x1b\[Knap: \d+\.\d s  \d+\.\d s left)"))) << shown;

  const auto piped = run_tuna("run " + file.string() + " --output " + out + "2");
  EXPECT_EQ(piped.status, 0);
  EXPECT_THAT(piped.err, Not(HasSubstr("left")));
}
