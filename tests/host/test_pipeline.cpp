// Loading whole pipeline files: a valid one becomes typed steps; what is not a pipeline
// gets one clear error; a report shows each problem's line with a caret.
#include "pipeline_test_fixture.hpp"

namespace tuna::host {
namespace {

using namespace pipeline_testing;

TEST_F(PipelineTest, ValidPipelineLoadsWithTypedValues) {
  auto result = load(valid_pipeline);
  ASSERT_TRUE(result.pipeline) << render_all(result.diagnostics, result.source, false);
  EXPECT_TRUE(result.diagnostics.all().empty());
  const auto& p = *result.pipeline;
  EXPECT_EQ(p.name, "loopback");
  EXPECT_EQ(p.description, "Throughput over loopback");
  EXPECT_EQ(p.file, path_);
  EXPECT_EQ(p.source, valid_pipeline);
  EXPECT_EQ(result.source, valid_pipeline);
  EXPECT_EQ(p.repeat, 3);

  ASSERT_EQ(p.hosts.size(), 2u);
  EXPECT_EQ(p.hosts[0].name, "dut");
  EXPECT_EQ(p.hosts[0].address, "localhost");
  EXPECT_EQ(p.hosts[0].test_address, "localhost");  // defaults to the address
  EXPECT_EQ(p.hosts[0].where.line, 5);
  EXPECT_EQ(p.hosts[1].test_address, "127.0.0.1");

  ASSERT_EQ(p.steps.size(), 2u);
  const auto& settle = p.steps[0];
  EXPECT_EQ(settle.name, "settle");
  EXPECT_EQ(settle.spec->name, "sleep");
  EXPECT_DOUBLE_EQ(settle.settings.number("seconds"), 0.5);
  EXPECT_EQ(settle.repeat, 2);
  EXPECT_FALSE(settle.timeout_seconds);
  EXPECT_EQ(settle.where.line, 8);
  EXPECT_EQ(settle.where.column, 5);
  EXPECT_EQ(settle.settings.where().line, 10);
  EXPECT_EQ(settle.settings.where().column, 15);

  const auto& upload = p.steps[1];
  EXPECT_EQ(upload.spec->name, "iperf");
  EXPECT_EQ(upload.description, "TCP up");
  EXPECT_EQ(upload.repeat, 1);
  ASSERT_TRUE(upload.timeout_seconds);
  EXPECT_DOUBLE_EQ(*upload.timeout_seconds, 60.0);
  const auto& s = upload.settings;
  EXPECT_EQ(s.string("server"), "server");
  EXPECT_EQ(s.string("client"), "dut");
  EXPECT_EQ(s.string("direction"), "down");
  EXPECT_EQ(s.integer("port"), 5201);
  EXPECT_TRUE(s.entry("port").defaulted);
  EXPECT_DOUBLE_EQ(s.number("window"), 256 * 1024.0);
  EXPECT_EQ(s.list("tools"), std::vector<std::string>{"iperf3"});
  EXPECT_EQ(s.entry("window").where.file, path_.string());
  EXPECT_EQ(s.entry("window").where.line, 19);
  EXPECT_EQ(s.entry("window").where.column, 15);
}

TEST_F(PipelineTest, NameDefaultsToTheFileStem) {
  auto result = load("steps:\n  - {name: a, component: sleep, settings: {seconds: 1}}\n", "nightly-run.yaml");
  ASSERT_TRUE(result.pipeline) << render_all(result.diagnostics, result.source, false);
  EXPECT_EQ(result.pipeline->name, "nightly-run");
  EXPECT_EQ(result.pipeline->repeat, 1);
  EXPECT_TRUE(result.pipeline->hosts.empty());
}

TEST_F(PipelineTest, AnExampleStepLoadsAsPrinted) {
  auto result = load(sleep_spec().example, "settle.yaml");
  ASSERT_TRUE(result.pipeline) << render_all(result.diagnostics, result.source, false);
  EXPECT_EQ(result.pipeline->name, "settle");
  ASSERT_EQ(result.pipeline->steps.size(), 1u);
  EXPECT_DOUBLE_EQ(result.pipeline->steps[0].settings.number("seconds"), 0.5);
}

TEST_F(PipelineTest, AListOfStepsTakesEveryNamedHostAsLocalhost) {
  auto result = load("- name: up\n  component: iperf\n  settings:\n    server: far\n");
  ASSERT_TRUE(result.pipeline) << render_all(result.diagnostics, result.source, false);
  const auto& hosts = result.pipeline->hosts;
  ASSERT_EQ(hosts.size(), 2u);
  // The default client host and the server both, each once.
  std::vector<std::string> names{hosts[0].name, hosts[1].name};
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"dut", "far"}));
  for (const auto& host : hosts) {
    EXPECT_EQ(host.address, "localhost");
    EXPECT_EQ(host.test_address, "localhost");
  }
}

TEST_F(PipelineTest, SettingsSharedThroughAnAnchorLoadInEveryStep) {
  auto result = load(
      "- name: a\n"
      "  component: sleep\n"
      "  settings: &short\n"
      "    seconds: 250ms\n"
      "- name: b\n"
      "  component: sleep\n"
      "  settings: *short\n");
  ASSERT_TRUE(result.pipeline) << render_all(result.diagnostics, result.source, false);
  ASSERT_EQ(result.pipeline->steps.size(), 2u);
  for (const auto& step : result.pipeline->steps) {
    EXPECT_DOUBLE_EQ(step.settings.number("seconds"), 0.25);
    EXPECT_EQ(step.settings.entry("seconds").where.line, 4);  // where the anchored value is
  }
}

TEST_F(PipelineTest, RenderedReportShowsTheLineAndCaret) {
  auto result = load("- name: a\n  component: sleep\n  settings:\n    seconds: 2d\n");
  EXPECT_EQ(
      render_all(result.diagnostics, result.source, false),
      path_.string() +
          ":4:14: error: option 'seconds': expected duration (seconds, or with a unit: 1.5s, 250ms, 2m, 1h), "
          "got \"2d\"\n"
          "      seconds: 2d\n"
          "               ^\n");
}

TEST_F(PipelineTest, FilesThatAreNoPipelineGetOneClearError) {
  struct Case {
    std::string content;
    std::string message;
  };
  const Case cases[] = {{"", "empty"},
                        {std::string("\0\1\2\3", 4), "binary"},
                        {"steps: \xFF\n", "not UTF-8"},
                        {"a: " + std::string(5000, '[') + "\n", "nests more than"},
                        {"steps: [oops\n", "YAML syntax"}};
  for (const auto& c : cases) {
    auto result = load(c.content);
    EXPECT_FALSE(result.pipeline);
    ASSERT_EQ(result.diagnostics.all().size(), 1u) << c.message;
    EXPECT_THAT(result.diagnostics.all()[0].message, HasSubstr(c.message));
  }
  auto directory = load_pipeline(dir_, catalog_);
  EXPECT_FALSE(directory.pipeline);
  EXPECT_THAT(directory.diagnostics.all().at(0).message, HasSubstr("directory"));
  auto missing = load_pipeline(dir_ / "none.yaml", catalog_);
  EXPECT_FALSE(missing.pipeline);
  EXPECT_THAT(missing.diagnostics.all().at(0).message, HasSubstr("no such file"));
  EXPECT_TRUE(missing.source.empty());
}

}  // namespace
}  // namespace tuna::host
