#include "component/iperf_step.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <chrono>

#include <tuna/support/stamped_lines.hpp>

#include "component/command_builder.hpp"
#include "component/iperf_run.hpp"
#include "component/iperf_spec.hpp"
#include "component/raw_files.hpp"
#include "component/results.hpp"
#include "component/tool_detection.hpp"
#include "parse/text_row.hpp"

namespace tuna::iperf {

Roles roles(tuna::RunContext& context, const tuna::Config& settings, Direction direction) {
  auto& dut = context.host(settings.string("dut"));
  auto& peer = context.host(settings.string("server"));
  return direction == Direction::upstream ? Roles{dut, peer} : Roles{peer, dut};
}

namespace {

// Runs of one step use ports in turn from the base: two per direction (a first try and
// one retry), two directions per repetition.
int port_of(const tuna::Config& settings, int repetition, std::size_t direction_index, int try_index) {
  return port_for(settings, ((repetition - 1) * 2 + static_cast<int>(direction_index)) * 2 + try_index);
}

// Echoes the server's interval lines at info level, and its latest figure as progress.
// The server's output is the live one: iperf3's client prints its JSON only at the end.
// Only the new lines are read, with the parser's own row reader, so a long test costs
// the same per line as a short one.
class LiveEcho {
 public:
  LiveEcho(tuna::RunContext& context, std::string label) : context_(context), label_(std::move(label)) {}

  void operator()(support::OutputLog& server_output) {
    std::optional<double> latest;
    for (const auto& line : server_output.take_new_lines()) {
      const auto row = parse_text_row(line);
      // With parallel streams the [SUM] row is the interval's figure; else each row is.
      if (row && row->label == "SUM") saw_sum_ = true;
      if (row && (row->label == "SUM" || !saw_sum_)) latest = row->bits_per_second;
      context_.log().log(row ? tuna::LogLevel::info : tuna::LogLevel::debug,
                         fmt::format("{} server: {}", label_, line));
    }
    if (latest) context_.progress(fmt::format("{:.1f} Mbit/s", *latest / 1e6));
  }

 private:
  tuna::RunContext& context_;
  std::string label_;
  bool saw_sum_ = false;
};

std::vector<std::filesystem::path> save_raw_files(tuna::RunContext& context, const DirectionRecord& record) {
  std::vector<std::filesystem::path> paths;
  for (std::size_t i = 0; i < record.attempts.size(); ++i) {
    const auto& attempt = record.attempts[i];
    for (auto side : {Side::client, Side::server}) {
      const auto& run = side == Side::client ? attempt.client : attempt.server;
      if (run.pid == 0) continue;
      auto path = context.artifact_dir() / raw_file_name(direction_name(record.direction),
                                                         protocol_name(record.protocol), side_name(side),
                                                         context.repetition(), i > 0);
      try {
        support::write_stamped_file(path, run.output->lines());
        paths.push_back(std::move(path));
      } catch (const std::exception& e) {
        context.log().error("{}", e.what());
      }
    }
  }
  return paths;
}

tuna::Measurement unrun(Direction direction, const std::string& message) {
  tuna::Measurement measurement;
  measurement.label = direction_name(direction);
  measurement.status = tuna::Status::error;
  measurement.message = message;
  return measurement;
}

std::string describe(const tuna::Measurement& measurement) {
  std::vector<std::string> figures;
  for (const auto& metric : measurement.metrics)
    if (metric.name == "bandwidth" || metric.name == "summary_bandwidth")
      figures.push_back(fmt::format("{} {:.1f} Mbit/s", metric.name, metric.value / 1e6));
  return fmt::format("{}: {} {}", measurement.label, tuna::status_name(measurement.status),
                     measurement.status == tuna::Status::passed ? fmt::format("{}", fmt::join(figures, ", "))
                                                                : measurement.message);
}

}  // namespace

std::vector<std::string> IperfStep::plan(tuna::RunContext& context) const {
  std::vector<std::string> lines;
  const auto tools = usable_tools(settings_);
  const Tool tool = tools.empty() ? Tool::iperf3 : tools.front();
  if (tools.size() > 1)
    lines.push_back(
        fmt::format("tool auto: would use iperf3 if `iperf3 --version` answers on both hosts, else iperf2 "
                    "(`iperf -v`); the commands below are iperf3's"));
  const auto to_run = directions(settings_);
  for (std::size_t i = 0; i < to_run.size(); ++i) {
    const auto direction = to_run[i];
    auto [client, server] = roles(context, settings_, direction);
    const int port = port_of(settings_, context.repetition(), i, 0);
    const auto program = [tool](Host& host) { return host.program(program_name(tool)); };
    lines.push_back(fmt::format("{} server on {}: {}", direction_name(direction), server.name(),
                                server.render(server_command(settings_, tool, program(server), port))));
    lines.push_back(fmt::format(
        "{} client on {}: {}", direction_name(direction), client.name(),
        client.render(client_command(settings_, tool, program(client), server.test_address(), port))));
  }
  return lines;
}

tuna::StepResult IperfStep::run(tuna::RunContext& context) {
  auto& dut = context.host(settings_.string("dut"));
  auto& peer = context.host(settings_.string("server"));
  const auto timeout =
      std::chrono::milliseconds(static_cast<long>(settings_.number("startup_timeout") * 1000));
  const auto chosen = choose_tool(usable_tools(settings_), dut, peer, timeout);
  const bool udp = side_flag(settings_, Side::client, "udp");

  tuna::StepResult result;
  std::vector<std::string> problems;
  const auto to_run = directions(settings_);
  for (std::size_t i = 0; i < to_run.size(); ++i) {
    const auto direction = to_run[i];
    tuna::Measurement measurement;
    if (!chosen.tool) {
      measurement = unrun(direction, chosen.problem);
    } else if (context.cancelled()) {
      measurement = unrun(direction, "interrupted before it started");
    } else {
      DirectionRecord record{direction,
                             *chosen.tool,
                             udp ? Protocol::udp : Protocol::tcp,
                             settings_.string("aggregator"),
                             side_flag(settings_, Side::client, "reverse"),
                             chosen.versions,
                             {},
                             {}};
      auto [client, server] = roles(context, settings_, direction);
      const auto label = direction_name(direction);
      for (int try_index = 0; try_index < 2; ++try_index) {
        const int port = port_of(settings_, context.repetition(), i, try_index);
        context.log().info("{}: {} from {} to {} ({}), port {}", label, tool_name(*chosen.tool),
                           client.name(), server.name(), server.test_address(), port);
        LiveEcho echo(context, label);
        record.attempts.push_back(
            run_attempt(context, {settings_, *chosen.tool, client, server, port, std::ref(echo)}));
        const auto& attempt = record.attempts.back();
        if (!attempt.worth_retry || try_index > 0) break;
        context.log().warn("{}: {}; trying once more on a fresh port", label, attempt.failure);
      }
      record.artifacts = save_raw_files(context, record);
      measurement = make_measurement(record);
    }
    // The host reports every recorded measurement to the user; this is the detail behind it.
    context.log().debug("{}", describe(measurement));
    if (measurement.status != tuna::Status::passed) {
      result.status = tuna::Status::error;
      problems.push_back(fmt::format("{}: {}", measurement.label, measurement.message));
    }
    context.record(std::move(measurement));
  }
  result.message = fmt::format("{}", fmt::join(problems, "; "));
  return result;
}

}  // namespace tuna::iperf
