#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "plugin_loader.hpp"

namespace fs = std::filesystem;
using tuna::host::load_plugin;
using tuna::host::PluginLoadError;
using testing::HasSubstr;

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

TEST(PluginLoader, WrongAbiVersionNamesFileAndBothVersions) {
  const auto message = load_error(broken("wrong_abi"));
  EXPECT_THAT(message, HasSubstr(broken("wrong_abi").string()));
  EXPECT_THAT(message, HasSubstr("version " + std::to_string(tuna::plugin_abi_version + 41)));
  EXPECT_THAT(message, HasSubstr("uses version " + std::to_string(tuna::plugin_abi_version)));
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
      {fs::path(TUNA_TEST_PLUGIN_DIR) / "wrong_abi", TUNA_PLUGIN_DIR, TUNA_PLUGIN_DIR});
  ASSERT_FALSE(files.empty());
  EXPECT_EQ(files.front(), broken("wrong_abi"));
  std::set<std::string> names;
  for (const auto& f : files) EXPECT_TRUE(names.insert(f.filename()).second) << f;
  EXPECT_TRUE(names.count("libtuna_sleep.so"));
}
