// `tuna help` is rendered from the schema alone: every option with its type, default and
// allowed values; a group's repeats of outer options named once, its own options listed.
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "help_text.hpp"

using testing::HasSubstr;
using testing::Not;
using tuna::OptionSpec;
using tuna::OptionType;

namespace {

const std::vector<tuna::ComponentSpec>& no_components() {
  static const std::vector<tuna::ComponentSpec> none;
  return none;
}

struct HelpFixture {
  tuna::PluginDescriptor descriptor{tuna::plugin_abi_version, "demo", "2.3.4", &no_components};
  tuna::host::LoadedPlugin plugin{.file = "/plugins/libtuna_demo.so", .descriptor = &descriptor};
  OptionSpec rate{.name = "rate", .type = OptionType::bitrate, .description = "Target rate", .min = 1};
  tuna::ComponentSpec spec{
      .name = "demo",
      .aliases = {{.name = "old-demo", .deprecated = true}},
      .summary = "A demonstration",
      .description = "First paragraph.\n\nSecond paragraph.",
      .schema = {{.name = "mode",
                  .type = OptionType::enumeration,
                  .description = "Which way",
                  .default_value = "forwards",
                  .allowed = {"forwards", "backwards", "sideways", "diagonally"},
                  .prefix_match = true},
                 {.name = "peer", .type = OptionType::host, .description = "Who", .required = true},
                 rate,
                 {.name = "side",
                  .type = OptionType::group,
                  .description = "One side only",
                  .children = {rate, {.name = "label", .type = OptionType::string, .description = "Own"}}}},
      .example = "- name: d\n  component: demo\n"};

  std::string help() const { return tuna::host::component_help({&spec, &plugin}, false); }
};

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace

TEST(HelpText, EveryOptionWithTypeDefaultAndAllowedValues) {
  const HelpFixture f;
  const auto help = f.help();
  EXPECT_THAT(help, HasSubstr("demo - A demonstration"));
  EXPECT_THAT(help, HasSubstr("old-demo (deprecated)"));
  EXPECT_THAT(help, HasSubstr(fmt::format("/plugins/libtuna_demo.so (demo 2.3.4, plugin ABI {})",
                                          tuna::plugin_abi_version)));
  EXPECT_THAT(help, HasSubstr("Second paragraph."));
  EXPECT_THAT(help, HasSubstr("forwards|backwards|sideways|diagonally (or a prefix)"));
  EXPECT_THAT(help, HasSubstr("(required)"));
  EXPECT_THAT(help, HasSubstr(">= 1 bits/s"));
  EXPECT_THAT(help, HasSubstr("  - name: d\n    component: demo\n"));  // the example, indented
}

TEST(HelpText, AGroupNamesWhatItRepeatsAndListsWhatIsItsOwn) {
  const HelpFixture f;
  const auto help = f.help();
  EXPECT_THAT(help, HasSubstr("One side only. Takes, as above: rate"));
  EXPECT_THAT(help, HasSubstr("side.label"));
  EXPECT_THAT(help, Not(HasSubstr("side.rate")));
}

TEST(HelpText, WideAllowedValuesPushTheDescriptionToItsOwnLine) {
  const HelpFixture f;
  const auto lines = lines_of(f.help());
  const auto mode = std::ranges::find_if(lines, [](const auto& l) { return l.starts_with("  mode "); });
  ASSERT_NE(mode, lines.end());
  EXPECT_THAT(*mode, Not(HasSubstr("Which way")));
  ASSERT_NE(mode + 1, lines.end());
  const auto& next = *(mode + 1);
  EXPECT_EQ(next.find_first_not_of(' '), next.find("Which way"));
  // The description column is where the heading says it is.
  const auto heading = std::ranges::find_if(lines, [](const auto& l) {
    return l.find("DESCRIPTION") != std::string::npos && l.find("OPTION") != std::string::npos;
  });
  ASSERT_NE(heading, lines.end());
  EXPECT_EQ(next.find("Which way"), heading->find("DESCRIPTION"));
}
