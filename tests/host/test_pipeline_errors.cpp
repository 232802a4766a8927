// Every kind of mistake in a pipeline file is reported, all in one pass, at its exact file,
// line and column.
#include "pipeline_test_fixture.hpp"

namespace tuna::host {
namespace {

using namespace pipeline_testing;

TEST_F(PipelineTest, UnknownKeysAtEveryLevelWithSuggestions) {
  auto result = load(
      "nme: x\n"
      "hosts:\n"
      "  dut: { adress: localhost }\n"
      "steps:\n"
      "  - name: a\n"
      "    component: iperf\n"
      "    setings: {}\n"
      "  - name: b\n"
      "    component: iperf\n"
      "    settings:\n"
      "      server: dut\n"
      "      dirction: up\n"
      "      udp: { bitrat: 1M }\n");
  EXPECT_FALSE(result.pipeline);
  EXPECT_THAT(found(result),
              ElementsAre(At(1, 1, "unknown key 'nme' in the pipeline; did you mean 'name'?"),
                          At(3, 8, "host 'dut': missing required key 'address'"),
                          At(3, 10, "unknown key 'adress' in host 'dut'; did you mean 'address'?"),
                          At(5, 5, "missing required option 'server'"),
                          At(7, 5, "unknown key 'setings' in a step; did you mean 'settings'?"),
                          At(12, 7, "unknown option 'dirction'; did you mean 'direction'?"),
                          At(13, 12, "missing required option 'udp.bitrate'"),
                          At(13, 14, "unknown option 'udp.bitrat'; did you mean 'udp.bitrate'?")));
}

TEST_F(PipelineTest, UnknownComponentListsTheKnownOnesAndSuggests) {
  auto e = only_error("- name: a\n  component: slep\n");
  EXPECT_EQ(e.line, 2);
  EXPECT_EQ(e.column, 14);
  EXPECT_EQ(e.message, "unknown component 'slep'; did you mean 'sleep'? (known components: iperf, sleep)");
}

TEST_F(PipelineTest, DeprecatedAliasWarnsButLoads) {
  auto result = load("- name: a\n  component: traffic\n  settings: {server: s}\n");
  ASSERT_TRUE(result.pipeline) << render_all(result.diagnostics, result.source, false);
  EXPECT_EQ(result.pipeline->steps[0].spec->name, "iperf");
  ASSERT_EQ(result.diagnostics.all().size(), 1u);
  const auto& d = result.diagnostics.all()[0];
  EXPECT_EQ(d.severity, Severity::warning);
  EXPECT_EQ(d.message, "component 'traffic' is deprecated; use 'iperf'");
  EXPECT_EQ(d.where.line, 2);
  EXPECT_EQ(d.where.column, 14);

  auto current = load("- name: a\n  component: throughput\n  settings: {server: s}\n");
  ASSERT_TRUE(current.pipeline);
  EXPECT_TRUE(current.diagnostics.all().empty());
}

TEST_F(PipelineTest, WrongTypeAndOutOfRangeInSettings) {
  auto result = load(
      "- name: a\n"
      "  component: iperf\n"
      "  settings:\n"
      "    server: s\n"
      "    port: 5201x\n"
      "    parallel: 500\n");
  EXPECT_THAT(found(result),
              ElementsAre(At(5, 11, R"(option 'port': expected integer, got "5201x")"),
                          At(6, 15, "option 'parallel': 500 is out of range: must be between 1 and 128")));
}

TEST_F(PipelineTest, MissingRequiredOptionAtSettingsOrStep) {
  EXPECT_THAT(only_error("- name: a\n  component: sleep\n  settings:\n    {}\n"),
              At(4, 5, "missing required option 'seconds' (duration)"));
  EXPECT_THAT(only_error("- name: a\n  component: sleep\n"), At(1, 3, "missing required option 'seconds'"));
}

TEST_F(PipelineTest, DuplicateKeyIsReportedAtTheSecond) {
  EXPECT_THAT(only_error("- name: a\n  component: sleep\n  settings:\n    seconds: 1\n    seconds: 2\n"),
              At(5, 5, "duplicate key 'seconds'"));
}

TEST_F(PipelineTest, DuplicateStepNames) {
  EXPECT_THAT(only_error("- {name: a, component: sleep, settings: {seconds: 1}}\n"
                         "- {name: b, component: sleep, settings: {seconds: 1}}\n"
                         "- {name: a, component: sleep, settings: {seconds: 1}}\n"),
              At(3, 10, "duplicate step name 'a' (first used at line 1)"));
}

TEST_F(PipelineTest, UndefinedHostSuggestsTheClosest) {
  auto e = only_error(
      "hosts:\n"
      "  dut: {address: localhost}\n"
      "  server: {address: localhost}\n"
      "steps:\n"
      "  - name: a\n"
      "    component: iperf\n"
      "    settings: {server: sever}\n");
  EXPECT_THAT(e, At(7, 24, "option 'server': undefined host 'sever'; did you mean 'server'?"));
}

TEST_F(PipelineTest, HostsNeedATableInAPipelineMapping) {
  auto result = load("steps:\n  - name: a\n    component: iperf\n    settings: {server: s}\n");
  EXPECT_THAT(
      found(result),
      ElementsAre(At(4, 15,
                     "option 'client' defaults to host 'dut': undefined host 'dut': the pipeline "
                     "has no 'hosts' table"),
                  At(4, 24, "option 'server': undefined host 's': the pipeline has no 'hosts' table")));
}

TEST_F(PipelineTest, CheckRepProblemsAreLocatedAtTheirOptions) {
  auto result = load(
      "hosts: {dut: {address: a}}\n"
      "steps:\n"
      "  - name: a\n"
      "    component: iperf\n"
      "    settings:\n"
      "      server: dut\n"
      "      parallel: 16\n"
      "      duration: 0.5\n"
      "      udp:\n"
      "        bitrate: 10M\n");
  EXPECT_FALSE(result.pipeline);
  EXPECT_THAT(found(result), ElementsAre(At(6, 7, ""), At(6, 15, "client and server must be different hosts"),
                                         At(10, 18, "udp settings need protocol: udp")));
  // The problem with no path is placed at the settings block.
  EXPECT_EQ(found(result)[0].message, "many streams need a duration of a second or more");
}

TEST_F(PipelineTest, CheckRepRunsOnlyOnSettingsTheSchemaPassed) {
  // client == server would fail check_rep, but the bad port comes first and alone.
  EXPECT_THAT(only_error("- {name: a, component: iperf, settings: {server: dut, port: x}}\n"),
              At(1, 61, "option 'port'"));
}

TEST_F(PipelineTest, CheckRepThatThrowsIsAnError) {
  auto broken = traffic_spec();
  broken.name = "broken";
  broken.aliases.clear();
  broken.check_rep = [](const tuna::Config&) -> std::vector<tuna::Problem> {
    throw std::runtime_error("oops");
  };
  catalog_ = FakeCatalog({broken});
  EXPECT_THAT(only_error("- {name: a, component: broken, settings: {server: s}}\n"),
              At(1, 42, "component 'broken' failed while checking its settings: oops"));
}

TEST_F(PipelineTest, BadDefaultInAPluginNamesComponentAndOption) {
  auto broken = sleep_spec();
  broken.schema.push_back({.name = "jitter", .type = OptionType::duration, .default_value = "a while"});
  catalog_ = FakeCatalog({broken});
  EXPECT_THAT(only_error("- name: a\n  component: sleep\n  settings: {seconds: 1}\n"),
              At(1, 3, "component 'sleep' has an invalid default for option 'jitter' (a bug in the plugin)"));
}

TEST_F(PipelineTest, StepFieldsAreChecked) {
  auto result = load(
      "- name: a\n"
      "  component: sleep\n"
      "  settings: {seconds: 1}\n"
      "  repeat: 0\n"
      "  timeout: soon\n"
      "- component: sleep\n"
      "  settings: {seconds: 1}\n"
      "- name: c\n"
      "- just text\n");
  EXPECT_THAT(found(result),
              ElementsAre(At(4, 11, "repeat: 0 is out of range: must be at least 1"),
                          At(5, 12, "timeout: expected duration"), At(6, 3, "the step has no 'name'"),
                          At(8, 3, "the step has no 'component'"), At(9, 3, "a step must be a mapping")));
}

TEST_F(PipelineTest, PipelineFieldsAreChecked) {
  auto result = load("name: [x]\nrepeat: twice\nhosts: [dut]\nsteps: {}\n");
  EXPECT_THAT(found(result), ElementsAre(At(1, 7, "name: expected text, got a sequence"),
                                         At(2, 9, R"(repeat: expected integer, got "twice")"),
                                         At(3, 8, "'hosts' must be a mapping"),
                                         At(4, 8, "'steps' must be a list of steps, got a mapping")));
  EXPECT_THAT(only_error("name: x\n"), At(1, 1, "the pipeline has no 'steps'"));
  EXPECT_THAT(only_error("- {name: a, component: sleep, settings: {seconds: 1}, timeout: 0ms}\n"),
              At(1, 64, "timeout: \"0ms\" is out of range: must be more than 0 s"));
  EXPECT_THAT(only_error("steps: []\n"), At(1, 8, "the pipeline has no steps"));
  EXPECT_THAT(only_error("just a word\n"), At(1, 1, "expected a pipeline"));
  EXPECT_THAT(
      only_error(
          "hosts:\n  dut: localhost\nsteps:\n  - {name: a, component: sleep, settings: {seconds: 1}}\n"),
      At(2, 8, "host 'dut': expected a mapping"));
}

TEST_F(PipelineTest, EveryProblemInOnePassInFileOrder) {
  auto result = load(
      "hosts:\n"
      "  dut: {address: localhost}\n"
      "steps:\n"
      "  - name: a\n"
      "    component: sleep\n"
      "    settings: {seconds: -1}\n"
      "  - name: a\n"
      "    component: iperf\n"
      "    settings: {server: svr, port: 0}\n"
      "  - name: c\n"
      "    component: nope\n"
      "hosts: {}\n");
  std::vector<int> lines;
  for (const auto& f : found(result)) lines.push_back(f.line);
  EXPECT_EQ(lines, (std::vector<int>{6, 7, 9, 9, 11, 12}));
}

}  // namespace
}  // namespace tuna::host
