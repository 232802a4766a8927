// Settings against a schema: typed values with their locations, defaults, and every kind
// of problem located at the exact line and column.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "schema_validator.hpp"
#include "yaml_document.hpp"

namespace tuna::host {
namespace {

using ::testing::HasSubstr;
using tuna::OptionType;

// Every option type, a nested group with a required child, defaults and ranges.
const tuna::Schema schema = {
    {.name = "label", .type = OptionType::string},
    {.name = "port", .type = OptionType::integer, .default_value = "5201", .min = 1.0, .max = 65535.0},
    {.name = "ratio", .type = OptionType::number},
    {.name = "udp", .type = OptionType::boolean, .default_value = "no"},
    {.name = "duration", .type = OptionType::duration, .required = true, .min = 0.1, .max = 3600.0},
    {.name = "length", .type = OptionType::size},
    {.name = "bitrate", .type = OptionType::bitrate},
    {.name = "direction",
     .type = OptionType::enumeration,
     .default_value = "up",
     .allowed = {"up", "down", "both"},
     .prefix_match = true},
    {.name = "ports", .type = OptionType::list, .max = 65535.0, .element = OptionType::integer},
    {.name = "peers", .type = OptionType::list, .element = OptionType::host},
    {.name = "server", .type = OptionType::host},
    {.name = "client",
     .type = OptionType::group,
     .children = {{.name = "host", .type = OptionType::host, .required = true},
                  {.name = "streams", .type = OptionType::integer, .default_value = "1", .min = 1.0}}},
};

const std::string file = "settings.yaml";
const tuna::Location step_location{file, 1, 3};

struct Outcome {
  tuna::Config config;
  Diagnostics diagnostics;
  std::vector<std::string> hosts_checked;

  Diagnostic only() const {
    EXPECT_EQ(diagnostics.all().size(), 1u) << render_all(diagnostics, "", false);
    return diagnostics.all().empty() ? Diagnostic{} : diagnostics.all().front();
  }
};

// Validates the `settings` of `yaml` (a mapping with a `settings` key, or without one).
Outcome validate(const std::string& yaml, const tuna::Schema& against = schema) {
  Outcome outcome;
  auto document = parse_yaml_text(file, yaml, outcome.diagnostics);
  EXPECT_TRUE(document.ok) << render_all(outcome.diagnostics, yaml, false);
  const std::set<std::string> known_hosts{"dut", "server"};
  SettingsContext context{file, "demo", step_location,
                          [&](const std::string& name, const tuna::Location&) -> std::optional<std::string> {
                            outcome.hosts_checked.push_back(name);
                            if (known_hosts.count(name)) return std::nullopt;
                            return "undefined host '" + name + "'";
                          },
                          outcome.diagnostics};
  const auto fields = entries(document.root);
  auto settings =
      std::find_if(fields.begin(), fields.end(), [](const MapEntry& e) { return e.key == "settings"; });
  outcome.config = validate_settings(settings == fields.end() ? nullptr : &*settings, against, context);
  return outcome;
}

TEST(SchemaValidator, ValidSettingsBecomeTypedValuesWithLocations) {
  auto outcome = validate(
      "settings:\n"
      "  label: nightly\n"
      "  port: 5202\n"
      "  ratio: 0.75\n"
      "  udp: yes\n"
      "  duration: 1.5m\n"
      "  length: 128K\n"
      "  bitrate: 100M\n"
      "  direction: Do\n"
      "  ports: [5201, 5202]\n"
      "  peers: dut\n"
      "  server: server\n"
      "  client: {host: dut, streams: 4}\n");
  ASSERT_FALSE(outcome.diagnostics.has_errors()) << render_all(outcome.diagnostics, "", false);
  const auto& c = outcome.config;
  EXPECT_EQ(c.string("label"), "nightly");
  EXPECT_EQ(c.integer("port"), 5202);
  EXPECT_DOUBLE_EQ(c.number("ratio"), 0.75);
  EXPECT_TRUE(c.boolean("udp"));
  EXPECT_DOUBLE_EQ(c.number("duration"), 90.0);
  EXPECT_DOUBLE_EQ(c.number("length"), 128 * 1024.0);
  EXPECT_DOUBLE_EQ(c.number("bitrate"), 100e6);
  EXPECT_EQ(c.string("direction"), "down");
  EXPECT_EQ(c.list("ports"), (std::vector<std::string>{"5201", "5202"}));
  EXPECT_EQ(c.list("peers"), (std::vector<std::string>{"dut"}));
  EXPECT_EQ(c.string("server"), "server");
  ASSERT_TRUE(c.has_group("client"));
  EXPECT_EQ(c.group("client").string("host"), "dut");
  EXPECT_EQ(c.group("client").integer("streams"), 4);
  EXPECT_EQ(outcome.hosts_checked, (std::vector<std::string>{"dut", "server", "dut"}));

  // Where each value was written, 1-based; the block where the mapping starts.
  EXPECT_EQ(c.where().line, 2);
  EXPECT_EQ(c.where().column, 3);
  const auto port = c.entry("port").where;
  EXPECT_EQ(port.file, file);
  EXPECT_EQ(port.line, 3);
  EXPECT_EQ(port.column, 9);
  EXPECT_FALSE(c.entry("port").defaulted);
  EXPECT_EQ(c.location("client.streams").line, 13);
  EXPECT_EQ(c.location("client.streams").column, 32);
  EXPECT_EQ(c.group("client").where().column, 11);
}

TEST(SchemaValidator, DefaultsAreParsedLikeInputAndMarkedAsDefaults) {
  auto outcome = validate("settings:\n  duration: 10\n  client:\n    host: dut\n");
  ASSERT_FALSE(outcome.diagnostics.has_errors()) << render_all(outcome.diagnostics, "", false);
  const auto& c = outcome.config;
  EXPECT_EQ(c.integer("port"), 5201);
  EXPECT_TRUE(c.entry("port").defaulted);
  EXPECT_FALSE(c.written("port"));
  EXPECT_EQ(c.entry("port").where.file, file);
  EXPECT_EQ(c.entry("port").where.line, 0);
  EXPECT_FALSE(c.boolean("udp"));
  EXPECT_EQ(c.string("direction"), "up");
  EXPECT_EQ(c.group("client").integer("streams"), 1);
  EXPECT_TRUE(c.group("client").entry("streams").defaulted);
  // Options without a default stay unset.
  EXPECT_FALSE(c.has("label"));
  EXPECT_FALSE(c.has("bitrate"));
  // A defaulted option is located at its block, where the user would add it.
  EXPECT_EQ(c.location("port").line, 2);
}

TEST(SchemaValidator, UnknownOptionWithSuggestion) {
  const auto d = validate("settings:\n  duration: 1\n  dirction: up\n").only();
  EXPECT_EQ(d.message, "unknown option 'dirction'; did you mean 'direction'?");
  EXPECT_EQ(d.where.line, 3);
  EXPECT_EQ(d.where.column, 3);
}

TEST(SchemaValidator, UnknownOptionInAGroupUsesTheDottedPath) {
  const auto d = validate("settings:\n  duration: 1\n  client:\n    host: dut\n    straems: 2\n").only();
  EXPECT_EQ(d.message, "unknown option 'client.straems'; did you mean 'client.streams'?");
  EXPECT_EQ(d.where.line, 5);
  EXPECT_EQ(d.where.column, 5);
}

TEST(SchemaValidator, UnknownOptionUnlikeAnyListsThem) {
  const tuna::Schema small = {{.name = "seconds", .type = OptionType::duration}};
  EXPECT_EQ(validate("settings:\n  colour: red\n", small).only().message,
            "unknown option 'colour'; the options are seconds");
  EXPECT_EQ(validate("settings:\n  colour: red\n", {}).only().message,
            "unknown option 'colour'; this takes no options");
}

TEST(SchemaValidator, WrongTypeQuotesTheValue) {
  const auto d = validate("settings:\n  duration: 1\n  port: 5201x\n").only();
  EXPECT_EQ(d.message, R"(option 'port': expected integer, got "5201x")");
  EXPECT_EQ(d.where.line, 3);
  EXPECT_EQ(d.where.column, 9);
}

TEST(SchemaValidator, CollectionWhereAScalarBelongs) {
  EXPECT_EQ(validate("settings:\n  duration: 1\n  udp: [yes]\n").only().message,
            "option 'udp': expected boolean, got a sequence");
  const auto empty = validate("settings:\n  duration: 1\n  port:\n").only();
  EXPECT_EQ(empty.message, "option 'port': expected integer, got nothing");
  EXPECT_EQ(empty.where.line, 3);
}

TEST(SchemaValidator, OutOfRangeShowsTheLimitsInTheUnit) {
  const auto d = validate("settings:\n  duration: 2h\n").only();
  EXPECT_EQ(d.message,
            R"(option 'duration': "2h" (7200 s) is out of range: must be between 0.1 s and 3600 s)");
  EXPECT_EQ(d.where.line, 2);
  EXPECT_EQ(d.where.column, 13);
}

TEST(SchemaValidator, EnumerationProblemsListTheValues) {
  EXPECT_THAT(validate("settings:\n  duration: 1\n  direction: sideways\n").only().message,
              HasSubstr("expected one of up, down, both"));
}

TEST(SchemaValidator, MissingRequiredOptionAtTheSettingsBlock) {
  const auto d = validate("settings:\n  port: 1\n").only();
  EXPECT_EQ(d.message, "missing required option 'duration' (duration)");
  EXPECT_EQ(d.where.line, 2);
  EXPECT_EQ(d.where.column, 3);
}

TEST(SchemaValidator, MissingRequiredOptionAtTheStepWithoutSettings) {
  const auto d = validate("name: x\n").only();
  EXPECT_EQ(d.message, "missing required option 'duration' (duration)");
  EXPECT_EQ(d.where.line, step_location.line);
  EXPECT_EQ(d.where.column, step_location.column);
}

TEST(SchemaValidator, EmptySettingsAreLocatedAtTheirKey) {
  // yaml-cpp would place the empty value at the next token, on a later line.
  const auto d = validate("name: x\nsettings:\n\n\nother: 1\n").only();
  EXPECT_EQ(d.message, "missing required option 'duration' (duration)");
  EXPECT_EQ(d.where.line, 2);
  EXPECT_EQ(d.where.column, 1);
}

TEST(SchemaValidator, MissingRequiredChildAtItsGroup) {
  const auto d = validate("settings:\n  duration: 1\n  client: {streams: 2}\n").only();
  EXPECT_EQ(d.message, "missing required option 'client.host' (host)");
  EXPECT_EQ(d.where.line, 3);
  EXPECT_EQ(d.where.column, 11);
}

TEST(SchemaValidator, GroupMustBeAMapping) {
  const auto d = validate("settings:\n  duration: 1\n  client: dut\n").only();
  EXPECT_EQ(d.message, R"(option 'client': expected a mapping of options, got "dut")");
  EXPECT_EQ(d.where.column, 11);
}

TEST(SchemaValidator, SettingsMustBeAMapping) {
  const auto d = validate("settings: [duration, 1]\n").only();
  EXPECT_EQ(d.message, "'settings' must be a mapping of options, got a sequence");
  EXPECT_EQ(d.where.line, 1);
  EXPECT_EQ(d.where.column, 11);
}

TEST(SchemaValidator, UndefinedHostIsReportedWhereItIsNamed) {
  const auto d = validate("settings:\n  duration: 1\n  server: svr\n").only();
  EXPECT_EQ(d.message, "option 'server': undefined host 'svr'");
  EXPECT_EQ(d.where.line, 3);
  EXPECT_EQ(d.where.column, 11);
}

TEST(SchemaValidator, BadListElementIsLocatedAtTheElement) {
  const auto d = validate("settings:\n  duration: 1\n  ports:\n    - 5201\n    - 99999\n").only();
  EXPECT_EQ(d.message, "option 'ports': 99999 is out of range: must be at most 65535");
  EXPECT_EQ(d.where.line, 5);
  EXPECT_EQ(d.where.column, 7);
  EXPECT_EQ(validate("settings:\n  duration: 1\n  ports: [[1]]\n").only().message,
            "option 'ports': expected integer, got a sequence");
  EXPECT_EQ(validate("settings:\n  duration: 1\n  ports: {a: 1}\n").only().message,
            "option 'ports': expected a list of integer values, got a mapping");
}

TEST(SchemaValidator, BadDefaultIsThePluginsFaultNamingComponentAndOption) {
  const tuna::Schema broken = {{.name = "seconds", .type = OptionType::duration, .default_value = "soon"}};
  const auto d = validate("settings: {}\n", broken).only();
  EXPECT_THAT(d.message, HasSubstr("component 'demo' has an invalid default for option 'seconds'"));
  EXPECT_THAT(d.message, HasSubstr(R"(got "soon")"));
  EXPECT_EQ(d.where.line, step_location.line);
}

TEST(SchemaValidator, EveryProblemInOnePass) {
  auto outcome = validate(
      "settings:\n"
      "  port: 0\n"
      "  udp: maybe\n"
      "  colour: red\n"
      "  client: {host: nowhere}\n");
  std::vector<int> lines;
  for (const auto& d : outcome.diagnostics.all()) lines.push_back(d.where.line);
  // port, udp, colour, client.host, then the missing duration at the block.
  EXPECT_EQ(lines, (std::vector<int>{2, 3, 4, 5, 2}));
}

}  // namespace
}  // namespace tuna::host
