// Loading whole pipeline files: a valid one becomes typed steps; every kind of mistake is
// reported, all in one pass, at its exact file, line and column.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <stdexcept>

#include "pipeline.hpp"

namespace tuna::host {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using tuna::OptionType;
namespace fs = std::filesystem;

tuna::ComponentSpec sleep_spec() {
  tuna::ComponentSpec spec;
  spec.name = "sleep";
  spec.schema = {
      {.name = "seconds", .type = OptionType::duration, .required = true, .min = 0.0, .max = 86400.0}};
  spec.example = "- name: settle\n  component: sleep\n  settings:\n    seconds: 0.5\n";
  return spec;
}

// A component with every option type, a group, aliases, and cross-option rules that can
// fail several at once.
tuna::ComponentSpec traffic_spec() {
  tuna::ComponentSpec spec;
  spec.name = "iperf";
  spec.aliases = {{"traffic", true}, {"throughput", false}};
  spec.schema = {
      {.name = "client", .type = OptionType::host, .default_value = "dut"},
      {.name = "server", .type = OptionType::host, .required = true},
      {.name = "direction",
       .type = OptionType::enumeration,
       .default_value = "up",
       .allowed = {"up", "down", "both"},
       .prefix_match = true},
      {.name = "protocol",
       .type = OptionType::enumeration,
       .default_value = "tcp",
       .allowed = {"tcp", "udp"}},
      {.name = "port", .type = OptionType::integer, .default_value = "5201", .min = 1.0, .max = 65535.0},
      {.name = "duration", .type = OptionType::duration, .default_value = "10", .min = 0.1},
      {.name = "parallel", .type = OptionType::integer, .default_value = "1", .min = 1.0, .max = 128.0},
      {.name = "window", .type = OptionType::size},
      {.name = "reverse_check", .type = OptionType::boolean, .default_value = "off"},
      {.name = "omit", .type = OptionType::number},
      {.name = "label", .type = OptionType::string},
      {.name = "tools",
       .type = OptionType::list,
       .allowed = {"iperf2", "iperf3"},
       .element = OptionType::enumeration},
      {.name = "udp",
       .type = OptionType::group,
       .children = {{.name = "bitrate", .type = OptionType::bitrate, .required = true},
                    {.name = "length", .type = OptionType::size, .default_value = "1460"}}},
  };
  spec.check_rep = [](const tuna::Config& c) {
    std::vector<tuna::Problem> problems;
    if (c.has_group("udp") && c.string("protocol") != "udp")
      problems.push_back({"udp.bitrate", "udp settings need protocol: udp"});
    if (c.string("client") == c.string("server"))
      problems.push_back({"server", "client and server must be different hosts"});
    if (c.integer("parallel") > 8 && c.number("duration") < 1)
      problems.push_back({"", "many streams need a duration of a second or more"});
    return problems;
  };
  return spec;
}

class FakeCatalog : public ComponentCatalog {
 public:
  explicit FakeCatalog(std::vector<tuna::ComponentSpec> specs) : specs_(std::move(specs)) {}

  const tuna::ComponentSpec* find(std::string_view name, const tuna::Alias** via_alias) const override {
    *via_alias = nullptr;
    for (const auto& spec : specs_) {
      if (spec.name == name) return &spec;
      for (const auto& alias : spec.aliases) {
        if (alias.name == name) {
          *via_alias = &alias;
          return &spec;
        }
      }
    }
    return nullptr;
  }
  std::vector<std::string> names() const override {
    std::vector<std::string> names;
    for (const auto& spec : specs_) names.push_back(spec.name);
    std::sort(names.begin(), names.end());
    return names;
  }

 private:
  std::vector<tuna::ComponentSpec> specs_;
};

struct Found {
  int line;
  int column;
  std::string message;
};

class PipelineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) / ("tuna_pipeline_" + std::to_string(std::random_device{}()) + "_" +
                                             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  LoadResult load(const std::string& text, const std::string& name = "lab.yaml") {
    path_ = dir_ / name;
    std::ofstream(path_, std::ios::binary) << text;
    return load_pipeline(path_, catalog_);
  }

  // Every diagnostic as line, column and message; the file must be the one loaded.
  std::vector<Found> found(const LoadResult& result) const {
    std::vector<Found> all;
    for (const auto& d : result.diagnostics.all()) {
      EXPECT_EQ(d.where.file, path_.string()) << d.message;
      all.push_back({d.where.line, d.where.column, d.message});
    }
    return all;
  }

  // The one error `text` has.
  Found only_error(const std::string& text) {
    auto result = load(text);
    EXPECT_FALSE(result.pipeline);
    auto all = found(result);
    EXPECT_EQ(all.size(), 1u) << render_all(result.diagnostics, result.source, false);
    return all.empty() ? Found{} : all.front();
  }

  fs::path dir_;
  fs::path path_;
  FakeCatalog catalog_{{sleep_spec(), traffic_spec()}};
};

void PrintTo(const Found& f, std::ostream* os) { *os << f.line << ":" << f.column << ": " << f.message; }

MATCHER_P3(At, line, column, text, "") {
  return arg.line == line && arg.column == column && arg.message.find(text) != std::string::npos;
}

const std::string valid_pipeline =
    "name: loopback\n"
    "description: Throughput over loopback\n"
    "repeat: 3\n"
    "hosts:\n"
    "  dut:    { address: localhost }\n"
    "  server: { address: localhost, test_address: 127.0.0.1 }\n"
    "steps:\n"
    "  - name: settle\n"
    "    component: sleep\n"
    "    settings: { seconds: 0.5 }\n"
    "    repeat: 2\n"
    "  - name: upload\n"
    "    component: iperf\n"
    "    description: TCP up\n"
    "    timeout: 1m\n"
    "    settings:\n"
    "      server: server\n"
    "      direction: d\n"
    "      window: 256K\n"
    "      tools: iperf3\n";

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
