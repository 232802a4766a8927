#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <tuna/plugin_api.hpp>

#include "plugin_loader.hpp"

namespace fs = std::filesystem;
using testing::HasSubstr;
using testing::Not;
using tuna::host::load_plugin;
using tuna::host::PluginLoadError;

namespace {

fs::path broken(const std::string& name) {
  return fs::path(TUNA_TEST_PLUGIN_DIR) / name / ("libtuna_" + name + ".so");
}

std::string load_error(const fs::path& file) {
  try {
    load_plugin(file);
  } catch (const PluginLoadError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(PluginLoader, LoadsTheSleepPluginAndReadsItsComponents) {
  auto plugin = load_plugin(fs::path(TUNA_PLUGIN_DIR) / "libtuna_sleep.so");
  ASSERT_NE(plugin->descriptor, nullptr);
  EXPECT_EQ(plugin->descriptor->abi_version, tuna::plugin_abi_version);
  EXPECT_STREQ(plugin->descriptor->plugin_name, "sleep");
  ASSERT_EQ(plugin->components->size(), 1u);
  EXPECT_EQ(plugin->components->front().name, "sleep");
}

TEST(PluginLoader, MissingFileNamesTheFile) {
  const auto file = fs::path(TUNA_TEST_PLUGIN_DIR) / "nowhere" / "libtuna_nothing.so";
  const auto message = load_error(file);
  EXPECT_THAT(message, HasSubstr(file.string()));
  EXPECT_THAT(message, HasSubstr("No such file"));
}

// Both are refused having read only the version: reading on would call the plugin's
// components(), which aborts (tests/test_plugins/abi_mismatch.cpp).
TEST(PluginLoader, AnOlderPluginIsRefusedWithAdviceToRebuildIt) {
  const auto message = load_error(broken("abi_older"));
  EXPECT_THAT(message, HasSubstr(broken("abi_older").string()));
  EXPECT_THAT(message,
              HasSubstr(fmt::format("built for plugin ABI version {}, older than this tuna's version {}",
                                    tuna::plugin_abi_version - 1, tuna::plugin_abi_version)));
  EXPECT_THAT(message,
              HasSubstr("rebuild the plugin against this tuna (find_package(tuna " TUNA_VERSION "))"));
  EXPECT_THAT(message, Not(HasSubstr("upgrade tuna")));
}

TEST(PluginLoader, ANewerPluginIsRefusedWithAdviceToUpgradeTuna) {
  const auto message = load_error(broken("abi_newer"));
  EXPECT_THAT(message, HasSubstr(broken("abi_newer").string()));
  EXPECT_THAT(message,
              HasSubstr(fmt::format("built for plugin ABI version {}, newer than this tuna's version {}",
                                    tuna::plugin_abi_version + 1, tuna::plugin_abi_version)));
  EXPECT_THAT(message, HasSubstr(fmt::format(
                           "upgrade tuna to a release with plugin ABI version {}, or rebuild the plugin",
                           tuna::plugin_abi_version + 1)));
}

TEST(PluginLoader, MissingDescriptorSymbolIsRefused) {
  const auto message = load_error(broken("no_descriptor"));
  EXPECT_THAT(message, HasSubstr(broken("no_descriptor").string()));
  EXPECT_THAT(message, HasSubstr("tuna_plugin_descriptor"));
}

TEST(PluginLoader, UndefinedSymbolGivesTheLoadersReason) {
  const auto message = load_error(broken("undefined_symbol"));
  EXPECT_THAT(message, HasSubstr(broken("undefined_symbol").string()));
  EXPECT_THAT(message, HasSubstr("undefined symbol: tuna_test_symbol_that_does_not_exist"));
}

TEST(PluginSearchPath, CommandLineFirstThenEnvironmentThenNextToTheExecutable) {
  setenv("TUNA_PLUGIN_PATH", "/env/one::/env/two", 1);
  const auto path = tuna::host::plugin_search_path({"/cli"});
  unsetenv("TUNA_PLUGIN_PATH");
  ASSERT_EQ(path.size(), 4u);  // the empty entry is skipped: never the current directory
  EXPECT_EQ(path[0], "/cli");
  EXPECT_EQ(path[1], "/env/one");
  EXPECT_EQ(path[2], "/env/two");
  EXPECT_EQ(path[3].filename(), "plugins");
  EXPECT_EQ(path[3].parent_path().filename(), "tuna");
}

TEST(PluginSearchPath, FirstDirectoryWinsForTheSameFileName) {
  const auto files = tuna::host::find_plugin_files(
      {fs::path(TUNA_TEST_PLUGIN_DIR) / "abi_newer", TUNA_PLUGIN_DIR, TUNA_PLUGIN_DIR});
  ASSERT_FALSE(files.empty());
  EXPECT_EQ(files.front(), broken("abi_newer"));
  std::set<std::string> names;
  for (const auto& f : files) EXPECT_TRUE(names.insert(f.filename()).second) << f;
  EXPECT_TRUE(names.count("libtuna_sleep.so"));
}

// docs/PLUGIN_ABI.md's history ends with the version the headers declare: a bump is
// written down where plugin authors look.
TEST(PluginAbi, TheDocumentedHistoryEndsAtTheCurrentVersion) {
  std::ifstream doc(fs::path(TUNA_SOURCE_DIR) / "docs" / "PLUGIN_ABI.md");
  ASSERT_TRUE(doc) << "docs/PLUGIN_ABI.md";
  const std::regex history_row(R"(^\| (\d+) \|)");
  std::vector<std::uint32_t> versions;
  std::smatch row;
  for (std::string line; std::getline(doc, line);)
    if (std::regex_search(line, row, history_row)) versions.push_back(std::stoul(row[1]));
  ASSERT_FALSE(versions.empty());
  EXPECT_EQ(versions.back(), tuna::plugin_abi_version);
  EXPECT_TRUE(std::ranges::is_sorted(versions));
}

// A tripwire for the bump rule: the sizes of what crosses the boundary as of the current
// version, and the last value of each enumeration. When one changes, bump
// tuna::plugin_abi_version, add a history row to docs/PLUGIN_ABI.md, then update it here.
// (It cannot see a retyped field of the same size or a virtual function added: review
// catches those.)
TEST(PluginAbi, LayoutIsTheOneThisVersionWasReleasedWith) {
#if !defined(__x86_64__) || !defined(__GLIBCXX__)
  GTEST_SKIP() << "the recorded sizes are those of x86-64 with libstdc++";
#else
  ASSERT_EQ(tuna::plugin_abi_version, 2u) << "a new version: record its sizes below";
  const std::vector<std::tuple<const char*, std::size_t, std::size_t> > sizes{
      {"PluginDescriptor", sizeof(tuna::PluginDescriptor), 32},
      {"ComponentSpec", sizeof(tuna::ComponentSpec), 272},
      {"OptionSpec", sizeof(tuna::OptionSpec), 216},
      {"Alias", sizeof(tuna::Alias), 40},
      {"Problem", sizeof(tuna::Problem), 64},
      {"ParseOutcome", sizeof(tuna::ParseOutcome), 56},
      {"Config", sizeof(tuna::Config), 136},
      {"Config::Entry", sizeof(tuna::Config::Entry), 88},
      {"Location", sizeof(tuna::Location), 40},
      {"Measurement", sizeof(tuna::Measurement), 136},
      {"Metric", sizeof(tuna::Metric), 72},
      {"StepResult", sizeof(tuna::StepResult), 40},
      {"OutputLine", sizeof(tuna::OutputLine), 48},
      {"ExitStatus", sizeof(tuna::ExitStatus), 8},
      {"CommandOutput", sizeof(tuna::CommandOutput), 80},
      {"Preflight", sizeof(tuna::Preflight), 48},
      {"OptionType::group", static_cast<std::size_t>(tuna::OptionType::group), 10},
      {"Status::error", static_cast<std::size_t>(tuna::Status::error), 2},
      {"Stream::err", static_cast<std::size_t>(tuna::Stream::err), 1},
      {"LogLevel::error", static_cast<std::size_t>(tuna::LogLevel::error), 3},
      {"ParseVerdict::not_recognised", static_cast<std::size_t>(tuna::ParseVerdict::not_recognised), 2},
  };
  for (const auto& [what, now, released] : sizes)
    EXPECT_EQ(now, released) << what << " changed: bump tuna::plugin_abi_version (docs/PLUGIN_ABI.md)";
#endif
}
