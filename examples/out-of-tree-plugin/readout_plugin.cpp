// The `readout` component: a value read from a host with a command, recorded as a metric
// that a pipeline's `expect:` can judge, e.g. a DUT's temperature between throughput runs.
// This file is the contract: the schema, the cross-field rules, an example and the
// descriptor; readout_step.cpp does the work.
#include <regex>
#include <tuna/plugin_api.hpp>

#include "readout_step.hpp"

namespace readout {
namespace {

using tuna::OptionType;

tuna::Schema schema() {
  return {
      {.name = "host", .type = OptionType::host, .description = "The host to read on", .required = true},
      {.name = "command",
       .type = OptionType::list,
       .description = "The command and its arguments, run with no shell; it must exit 0",
       .required = true},
      {.name = "metric",
       .type = OptionType::string,
       .description = "The metric's name in results and in expect: (snake_case)",
       .required = true},
      {.name = "unit",
       .type = OptionType::string,
       .description = "The metric's unit, after scaling",
       .default_value = "\"\""},
      {.name = "pattern",
       .type = OptionType::string,
       .description =
           "A regular expression whose one capture group is the number (default: the first number)"},
      {.name = "scale",
       .type = OptionType::number,
       .description = "Multiplies the number read",
       .default_value = "1"},
      {.name = "samples",
       .type = OptionType::integer,
       .description = "How many readings; the metric is their mean, with _min and _max beside it",
       .default_value = "1",
       .min = 1.0,
       .max = 1000.0},
      {.name = "interval",
       .type = OptionType::duration,
       .description = "Time between readings (only with samples above 1)",
       .default_value = "1",
       .min = 0.0,
       .max = 3600.0},
      {.name = "timeout",
       .type = OptionType::duration,
       .description = "How long one reading may take",
       .default_value = "5",
       .min = 0.1,
       .max = 600.0},
  };
}

std::string pattern_of(const tuna::Config& config) {
  return config.has("pattern") ? config.string("pattern") : first_number;
}

// The schema checked each option alone; these rules need several, or need to look inside.
std::vector<tuna::Problem> check_rep(const tuna::Config& config) {
  std::vector<tuna::Problem> problems;
  if (config.list("command").empty()) problems.push_back({"command", "'command' names no program to run"});
  if (!std::regex_match(config.string("metric"), std::regex("[a-z][a-z0-9_]*")))
    problems.push_back(
        {"metric", "'metric' must be snake_case: lower-case letters, digits and _, a letter first"});
  try {
    if (std::regex(pattern_of(config)).mark_count() != 1)
      problems.push_back({"pattern", "'pattern' needs exactly one capture group ( ), around the number"});
  } catch (const std::regex_error& e) {
    problems.push_back({"pattern", fmt::format("'pattern' is not a regular expression: {}", e.what())});
  }
  if (config.written("interval") && config.integer("samples") == 1)
    problems.push_back(
        {"interval", "'interval' has no effect with one sample: set samples above 1, or drop it"});
  return problems;
}

std::unique_ptr<tuna::Step> create(const tuna::Config& config) {
  return std::make_unique<ReadoutStep>(Settings{
      .host = config.string("host"),
      .command = config.list("command"),
      .metric = config.string("metric"),
      .unit = config.string("unit"),
      .pattern = pattern_of(config),
      .scale = config.number("scale"),
      .samples = static_cast<int>(config.integer("samples")),
      .interval = std::chrono::duration<double>(config.number("interval")),
      .timeout = std::chrono::duration<double>(config.number("timeout")),
  });
}

const std::vector<tuna::ComponentSpec>& components() {
  static const std::vector<tuna::ComponentSpec> specs{{
      .name = "readout",
      .summary = "Read a number from a host with a command and record it as a metric",
      .description = "Runs `command` on `host` (no shell), takes the number that `pattern` captures from its "
                     "output, multiplies it by `scale` and records it as `metric`. With `samples` above 1 it "
                     "reads that many times, `interval` apart, and records the mean with its minimum and "
                     "maximum. The raw output is kept in the step's artifacts.\n"
                     "\n"
                     "`tuna check --connect` takes one reading to show the command works there.",
      .schema = schema(),
      .check_rep = check_rep,
      .example = "- name: dut-load\n"
                 "  component: readout\n"
                 "  settings:\n"
                 "    host: dut\n"
                 "    command: [cat, /proc/loadavg]\n"
                 "    metric: load_1min\n"
                 "    samples: 3\n"
                 "    interval: 0.2\n",
      .create = create,
  }};
  return specs;
}

}  // namespace
}  // namespace readout

// TUNA_PLUGIN_NAME and TUNA_PLUGIN_VERSION come from tuna_add_plugin(readout ...) and the
// project's version, so the descriptor always matches the file and the release.
namespace readout {
const tuna::PluginDescriptor descriptor{tuna::plugin_abi_version, TUNA_PLUGIN_NAME, TUNA_PLUGIN_VERSION,
                                        &components};
}
TUNA_PLUGIN(readout::descriptor)
