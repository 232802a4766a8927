#include "component/command_builder.hpp"

#include <cmath>
#include <variant>

#include <fmt/format.h>

#include "component/iperf_spec.hpp"

namespace tuna::iperf {

namespace {

// iperf takes plain numbers in the option's base unit (bytes, bits/s, seconds) times the
// flag's scale; sizes and rates as whole numbers.
std::string value_text(const FlagOption& option, const Flag& flag, const tuna::Config::Scalar& value) {
  using tuna::OptionType;
  switch (option.spec.type) {
    case OptionType::integer: return fmt::format("{}", std::get<std::int64_t>(value));
    case OptionType::duration: return fmt::format("{:g}", std::get<double>(value) * flag.scale);
    case OptionType::size:
    case OptionType::bitrate: return fmt::format("{:.0f}", std::get<double>(value) * flag.scale);
    default: return std::get<std::string>(value);
  }
}

// The table's flags that this side of this tool takes, in table order.
void append_table_flags(std::vector<std::string>& argv, const tuna::Config& settings, Tool tool, Side side) {
  for (const auto& option : flag_options()) {
    const auto& flag = option.flag(tool);
    if (flag.name.empty() || !flag.on(side)) continue;
    const auto* entry = side_entry(settings, side, option.spec.name);
    if (!entry || (!option.yields_to.empty() && written_for(settings, side, option.yields_to))) continue;
    if (option.spec.type == tuna::OptionType::boolean) {
      if (std::get<bool>(entry->value)) argv.emplace_back(flag.name);
      continue;
    }
    argv.emplace_back(flag.name);
    argv.push_back(value_text(option, flag, entry->value));
  }
}

}  // namespace

const char* program_name(Tool tool) { return tool == Tool::iperf3 ? "iperf3" : "iperf"; }

std::vector<std::string> server_command(const tuna::Config& settings, Tool tool, const std::string& program, int port) {
  std::vector<std::string> argv{program, "-s", "-p", std::to_string(port)};
  const double margin = settings.number("timeout_margin");
  if (tool == Tool::iperf3) {
    // One test, then exit; an idle timeout in case no client ever comes (or tuna dies).
    // --forceflush: without it a piped iperf3 holds "Server listening" back until exit,
    // and that line is how the client knows when to start. Not -J: a JSON server
    // prints nothing until the end; the client's JSON carries both ends' figures.
    const auto idle = static_cast<long>(std::ceil(settings.number("startup_timeout") + margin));
    argv.insert(argv.end(), {"-1", "--idle-timeout", std::to_string(idle), "--forceflush"});
  } else {
    // iperf2 has no one-off server: -t bounds it (counted from the client's connection, or
    // from the start while none comes) in case tuna dies before stopping it. With `num`
    // the test length is unknown, and only tuna's stop() bounds it.
    if (!settings.written("num"))
      argv.insert(argv.end(), {"-t", fmt::format("{:g}", test_seconds(settings) + margin)});
    if (settings.string("iperf2_format") == "enhanced") argv.emplace_back("-e");
  }
  append_table_flags(argv, settings, tool, Side::server);
  return argv;
}

std::vector<std::string> client_command(const tuna::Config& settings, Tool tool, const std::string& program,
                                        const std::string& target, int port) {
  std::vector<std::string> argv{program, "-c", target, "-p", std::to_string(port)};
  if (tool == Tool::iperf3) {
    argv.emplace_back("-J");
  } else {
    const auto& format = settings.string("iperf2_format");
    if (format == "csv") argv.insert(argv.end(), {"-y", "C"});
    if (format == "enhanced") argv.emplace_back("-e");
  }
  append_table_flags(argv, settings, tool, Side::client);
  return argv;
}

}  // namespace tuna::iperf
