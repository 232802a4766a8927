// What the pipeline loading tests share: a catalog of two fake components, a fixture that
// writes a pipeline file and loads it, and a matcher for a diagnostic's place and text.
#pragma once

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <stdexcept>

#include "pipeline.hpp"

namespace tuna::host::pipeline_testing {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using tuna::OptionType;
namespace fs = std::filesystem;

inline tuna::ComponentSpec sleep_spec() {
  tuna::ComponentSpec spec;
  spec.name = "sleep";
  spec.schema = {
      {.name = "seconds", .type = OptionType::duration, .required = true, .min = 0.0, .max = 86400.0}};
  spec.example = "- name: settle\n  component: sleep\n  settings:\n    seconds: 0.5\n";
  return spec;
}

// A component with every option type, a group, aliases, and cross-option rules that can
// fail several at once.
inline tuna::ComponentSpec traffic_spec() {
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

inline void PrintTo(const Found& f, std::ostream* os) {
  *os << f.line << ":" << f.column << ": " << f.message;
}

MATCHER_P3(At, line, column, text, "") {
  return arg.line == line && arg.column == column && arg.message.find(text) != std::string::npos;
}

inline const std::string valid_pipeline =
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

}  // namespace tuna::host::pipeline_testing
