// The iperf component's declaration: the cross-field rules of check_rep (every problem,
// with its path), the tool choice they imply, and the example against the schema.
#include <algorithm>

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include "component/iperf_spec.hpp"
#include "fake_run_context.hpp"

namespace {

using tuna::iperf::Tool;

tuna::Config settings(const std::string& yaml) {
  return tuna::test::validated_settings(tuna::iperf::component_spec(), "dut: dut\nserver: peer\n" + yaml);
}

std::vector<std::string> problem_paths(const std::string& yaml) {
  std::vector<std::string> paths;
  for (const auto& problem : tuna::iperf::check_rep(settings(yaml))) paths.push_back(problem.path);
  return paths;
}

std::string messages(const std::string& yaml) {
  std::string all;
  for (const auto& problem : tuna::iperf::check_rep(settings(yaml))) all += problem.path + ": " + problem.message + "\n";
  return all;
}

using Paths = std::vector<std::string>;

TEST(IperfRules, PlainSettingsHaveNoProblem) {
  EXPECT_EQ(problem_paths(""), Paths{});
  EXPECT_EQ(problem_paths("udp: on\nbandwidth: 10M\non_server:\n  interval: 2\n"), Paths{});
}

TEST(IperfRules, UdpOnOneSideOnlyIsAnError) {
  EXPECT_EQ(problem_paths("on_client:\n  udp: true\n"), Paths{"on_client.udp"});
  EXPECT_EQ(problem_paths("tool: iperf2\non_server:\n  udp: true\n"), Paths{"on_server.udp"});
  EXPECT_EQ(problem_paths("udp: true\non_server:\n  udp: false\n"), Paths{"on_server.udp"});
  EXPECT_EQ(problem_paths("on_client:\n  udp: true\non_server:\n  udp: yes\n"), Paths{});
}

TEST(IperfRules, BidirWithIperf2IsAnError) {
  EXPECT_EQ(problem_paths("tool: iperf2\nbidir: true\n"), Paths{"bidir"});
  EXPECT_NE(messages("tool: iperf2\nbidir: true\n").find("not an iperf2 option"), std::string::npos);
  EXPECT_EQ(problem_paths("tool: iperf3\nbidir: true\n"), Paths{});
}

TEST(IperfRules, OptionsOfTheOtherToolAreErrorsForAnExplicitTool) {
  EXPECT_EQ(problem_paths("tool: iperf2\nomit: 2\nzerocopy: on\naffinity: '1'\n"),
            (Paths{"omit", "zerocopy", "affinity"}));
  EXPECT_EQ(problem_paths("tool: iperf3\niperf2_format: human\n"), Paths{"iperf2_format"});
}

TEST(IperfRules, AnOptionTheSidesIperfDoesNotTakeIsAnError) {
  // iperf3's server takes no window (the client sends it); iperf2's does.
  EXPECT_EQ(problem_paths("tool: iperf3\non_server:\n  window: 1M\n"), Paths{"on_server.window"});
  EXPECT_EQ(problem_paths("tool: iperf2\non_server:\n  window: 1M\n"), Paths{});
}

TEST(IperfRules, FractionalTimeIsAnErrorForIperf3) {
  EXPECT_EQ(problem_paths("tool: iperf3\ntime: 1.5\n"), Paths{"time"});
  EXPECT_NE(messages("tool: iperf3\ntime: 1.5\n").find("whole seconds"), std::string::npos);
  EXPECT_EQ(problem_paths("tool: iperf2\ntime: 1.5\n"), Paths{});
}

TEST(IperfRules, CombinationsThatContradictEachOther) {
  EXPECT_EQ(problem_paths("time: 5\nnum: 1M\n"), Paths{"num"});
  EXPECT_EQ(problem_paths("reverse: on\nbidir: on\n"), Paths{"bidir"});
  EXPECT_EQ(problem_paths("time: 2\non_server:\n  interval: 3\n"), Paths{"on_server.interval"});
  EXPECT_EQ(problem_paths("time: 2\ninterval: 3\n"), (Paths{"interval", "interval"}));
}

TEST(IperfRules, EveryProblemIsReportedNotJustTheFirst) {
  EXPECT_EQ(problem_paths("tool: iperf2\ntime: 5\nnum: 1M\nbidir: on\nreverse: on\non_client:\n  udp: on\n"),
            (Paths{"on_client.udp", "num", "bidir", "bidir"}));
}

TEST(IperfRules, ToolAutoPicksTheToolsThatCanRunTheSettings) {
  EXPECT_EQ(tuna::iperf::usable_tools(settings("")), (std::vector<Tool>{Tool::iperf3, Tool::iperf2}));
  EXPECT_EQ(tuna::iperf::usable_tools(settings("omit: 1\n")), std::vector<Tool>{Tool::iperf3});
  EXPECT_EQ(tuna::iperf::usable_tools(settings("time: 0.5\n")), std::vector<Tool>{Tool::iperf2});
  // No tool can: both tools' problems, each named.
  const auto text = messages("time: 0.5\nbidir: on\n");
  EXPECT_NE(text.find("with iperf3: iperf3 takes whole seconds"), std::string::npos) << text;
  EXPECT_NE(text.find("with iperf2: 'bidir' is not an iperf2 option"), std::string::npos) << text;
}

TEST(IperfRules, ExampleIsAStepWhoseEveryKeyIsInTheSchema) {
  const auto& spec = tuna::iperf::component_spec();
  const auto example = YAML::Load(spec.example);
  ASSERT_TRUE(example.IsSequence());
  ASSERT_EQ(example.size(), 1u);
  EXPECT_EQ(example[0]["component"].as<std::string>(), "iperf");
  EXPECT_TRUE(example[0]["name"].IsScalar());
  const auto step_settings = example[0]["settings"];
  ASSERT_TRUE(step_settings.IsMap());
  const auto known = [](const tuna::Schema& schema, const std::string& key) {
    return std::any_of(schema.begin(), schema.end(), [&](const tuna::OptionSpec& o) { return o.name == key; });
  };
  const auto group = [&](const std::string& name) {
    return *std::find_if(spec.schema.begin(), spec.schema.end(), [&](const auto& o) { return o.name == name; });
  };
  for (const auto& entry : step_settings) {
    const auto key = entry.first.as<std::string>();
    EXPECT_TRUE(known(spec.schema, key)) << key;
    if (!entry.second.IsMap()) continue;
    for (const auto& child : entry.second) {
      EXPECT_TRUE(known(group(key).children, child.first.as<std::string>())) << key;
    }
  }
  // And it passes the host's validator and check_rep as printed.
  std::string settings_text = YAML::Dump(step_settings);
  const auto config = tuna::test::validated_settings(spec, settings_text);
  EXPECT_TRUE(spec.check_rep(config).empty());
}

TEST(IperfRules, ComponentIsIperfWithTheDeprecatedTrafficAliasAndAParser) {
  const auto& spec = tuna::iperf::component_spec();
  EXPECT_EQ(spec.name, "iperf");
  ASSERT_EQ(spec.aliases.size(), 1u);
  EXPECT_EQ(spec.aliases[0].name, "traffic");
  EXPECT_TRUE(spec.aliases[0].deprecated);
  ASSERT_TRUE(spec.parse_raw);
  EXPECT_EQ(spec.parse_raw("hello", "").verdict, tuna::ParseVerdict::not_recognised);
}

TEST(IperfRules, HostsAreHostOptionsAndTheDirectionTakesPrefixes) {
  EXPECT_EQ(settings("direction: Up\n").string("direction"), "upstream");
  EXPECT_EQ(settings("direction: d\n").string("direction"), "downstream");
  EXPECT_EQ(settings("").string("direction"), "both");
  EXPECT_EQ(settings("").integer("port"), 5201);
  EXPECT_THROW(settings("on_server:\n  bandwidth: 1M\n"), std::invalid_argument)
      << "no iperf server takes a bitrate: not an option of the group";
  EXPECT_THROW(settings("tos: 300\n"), std::invalid_argument);
}

}  // namespace
