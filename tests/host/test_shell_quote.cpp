// Quoting for POSIX sh: what goes in comes back out of a real /bin/sh, byte for byte, and
// nothing hidden in a word ever runs.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "run_tuna.hpp"
#include "shell_quote.hpp"

namespace tuna::host {
namespace {

using test::read_file;
using test::TempDir;

// Runs `command` with /bin/sh -c (std::system does exactly that).
void run_in_sh(const std::string& command) { ASSERT_EQ(std::system(command.c_str()), 0) << command; }

// Words that would run a command, expand something, or split, were they not quoted. Each
// one that could run something would create `injected` in the test's directory.
std::vector<std::string> hostile_words(const std::filesystem::path& injected) {
  const std::string touch = "touch " + injected.string();
  return {
      "; " + touch,
      "$(" + touch + ")",
      "`" + touch + "`",
      "x\n" + touch,
      "x\r\n" + touch,
      "' ; " + touch + " ; '",
      "\" ; " + touch + " ; \"",
      "'\"'\"'",
      "&& " + touch,
      "| " + touch,
      "> " + injected.string(),
      "$HOME ${HOME} $0 $$ $@ $*",
      "* ? [a-z] ~ ~root #comment",
      "\\ \\n \\\\ \\'",
      "-n",
      "-e \\n",
      "--",
      "",
      " ",
      "\t",
      "a=b",
      "=",
      "!",
      "{a,b}",
      "héllo 日本語 🎉",
      std::string("\x01\x7f\x1b[31m", 7),
      "it's",
      "''",
  };
}

TEST(ShellQuote, SafeWordsStayAsTheyAre) {
  for (const std::string word :
       {"iperf3", "-c", "127.0.0.1", "--bitrate=10M", "/usr/bin/iperf", "a,b:c+d@e%f", "_"}) {
    EXPECT_EQ(shell_quote(word), word);
  }
}

TEST(ShellQuote, EverythingElseIsSingleQuoted) {
  EXPECT_EQ(shell_quote(""), "''");
  EXPECT_EQ(shell_quote("a b"), "'a b'");
  EXPECT_EQ(shell_quote("$(x)"), "'$(x)'");
  EXPECT_EQ(shell_quote("it's"), R"('it'\''s')");
  EXPECT_EQ(shell_quote("~"), "'~'");
  EXPECT_EQ(shell_quote("#"), "'#'");
  EXPECT_EQ(shell_quote("é"), "'é'");
}

TEST(ShellQuote, HostileWordsComeBackUnchangedFromARealShell) {
  TempDir dir;
  const auto injected = dir.path() / "injected";
  const auto output = dir.path() / "output";
  for (const auto& word : hostile_words(injected)) {
    run_in_sh("printf %s " + shell_quote(word) + " > " + shell_quote(output.string()));
    EXPECT_EQ(read_file(output), word) << shell_quote(word);
  }
  EXPECT_FALSE(std::filesystem::exists(injected));
}

TEST(ShellQuote, JoinedWordsComeBackAsTheSameWords) {
  TempDir dir;
  const auto injected = dir.path() / "injected";
  const auto output = dir.path() / "output";
  const auto words = hostile_words(injected);
  // One word per NUL-terminated record: no word can contain a NUL, so the split is exact.
  run_in_sh("printf '%s\\0' " + shell_join(words) + " > " + shell_quote(output.string()));
  std::vector<std::string> read_back;
  const std::string text = read_file(output);
  for (std::size_t start = 0, end; (end = text.find('\0', start)) != std::string::npos; start = end + 1) {
    read_back.push_back(text.substr(start, end - start));
  }
  EXPECT_EQ(read_back, words);
  EXPECT_FALSE(std::filesystem::exists(injected));
}

TEST(ShellQuote, JoinSeparatesWithSingleSpaces) {
  EXPECT_EQ(shell_join({"iperf3", "-c", "10.0.0.1", "--title", "a b", ""}),
            "iperf3 -c 10.0.0.1 --title 'a b' ''");
  EXPECT_EQ(shell_join({}), "");
}

}  // namespace
}  // namespace tuna::host
