// The iperf step over SSH in the lab, every direction, protocol and tool: each measurement
// passes, carries what the shaped link can carry (link_capacity.hpp), reports iperf's own
// final figure, and leaves nothing running on either host.
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "lab_env.hpp"
#include "link_capacity.hpp"
#include "run_record.hpp"

namespace tuna::test::lab {
namespace {

// What the measurements must come within of the link's capacity.
constexpr double tolerance = 0.05;
// UDP datagrams of a fixed size, so the expected figure does not hang on iperf's defaults.
constexpr int udp_length = 1400;

struct Case {
  std::string tool;       // iperf3 | iperf2
  bool udp = false;
  std::string direction;  // upstream | downstream | both
};

std::string case_name(const testing::TestParamInfo<Case>& info) {
  return fmt::format("{}_{}_{}", info.param.tool, info.param.udp ? "udp" : "tcp", info.param.direction);
}

void PrintTo(const Case& c, std::ostream* out) {
  *out << c.tool << (c.udp ? " udp " : " tcp ") << c.direction;
}

// Each raw line starts with its UTC timestamp and a space.
std::string without_timestamps(const std::string& raw) {
  std::istringstream lines(raw);
  std::string text;
  for (std::string line; std::getline(lines, line);) text += line.substr(line.find(' ') + 1) + "\n";
  return text;
}

std::filesystem::path artifact(const LabRun& run, const nlohmann::json& record, const std::string& suffix) {
  for (const auto& path : record.at("artifacts")) {
    if (path.get<std::string>().ends_with(suffix)) return run.run_dir() / path.get<std::string>();
  }
  ADD_FAILURE() << "no artifact ending in " << suffix << ": " << record.at("artifacts").dump();
  return {};
}

// iperf's human units are decimal for bits: "Mbits/sec" is 10^6 bit/s.
double unit_scale(const std::string& prefix) {
  switch (prefix.empty() ? ' ' : std::tolower(prefix.front())) {
    case 'k': return 1e3;
    case 'm': return 1e6;
    case 'g': return 1e9;
    default: return 1;
  }
}

// iperf's own final receiver figure, read straight from the raw output tuna saved. iperf3:
// the client's JSON report, end.sum_received. iperf2: the receiving server's last line
// for the interval from 0, "[  1] 0.0000-2.0127 sec  11.7 MBytes  48.6 Mbits/sec ...".
double iperf_final_figure(const LabRun& run, const nlohmann::json& record, const std::string& tool) {
  if (tool == "iperf3") {
    const auto text = without_timestamps(read_file(artifact(run, record, "-client-r1.txt")));
    return nlohmann::json::parse(text.substr(text.find('{'))).at("end").at("sum_received").at("bits_per_second");
  }
  static const std::regex final_line(R"(^\[\s*(?:\d+|SUM)\]\s+0\.0+-\S+\s+sec\s+\S+\s+\S+\s+([\d.]+)\s+([kKmMgG]?)bits/sec)");
  std::istringstream lines(without_timestamps(read_file(artifact(run, record, "-server-r1.txt"))));
  double figure = -1;
  std::smatch match;
  for (std::string line; std::getline(lines, line);) {
    if (!std::regex_search(line, match, final_line)) continue;
    figure = std::stod(match[1].str()) * unit_scale(match[2].str());
  }
  return figure;
}

class IperfOverSsh : public LabTest, public testing::WithParamInterface<Case> {
 protected:
  LabPipeline pipeline() const {
    const auto& c = GetParam();
    LabPipeline pipeline;
    pipeline.settings = fmt::format("direction: {}, tool: {}, time: 2, port: 15201", c.direction, c.tool);
    // More than the link carries, so the receiver's figure is the link's.
    if (c.udp) pipeline.settings += fmt::format(", udp: true, bandwidth: 80M, len: {}", udp_length);
    return pipeline;
  }

  // The sender's namespace: the DUT sends upstream, the server downstream.
  std::string sender_namespace(const std::string& label) const {
    return env()[label == "upstream" ? "TUNA_LAB_DUT_NAMESPACE" : "TUNA_LAB_SRV_NAMESPACE"];
  }

  void expect_link_rate(const nlohmann::json& record) const {
    const auto link = shaped_link_leaving(sender_namespace(record.at("label")));
    if (!link) {
      std::cout << "the lab link is not shaped: the figure is not checked\n";
      return;
    }
    const double expected = GetParam().udp ? link->udp_goodput(udp_length) : link->tcp_goodput();
    // The receiver's figure: what crossed the link (a TCP sender's also counts what still
    // sat in its socket buffer when it stopped).
    const double measured = record.at("metrics").at("summary_bandwidth").at("value");
    EXPECT_NEAR(measured, expected, tolerance * expected)
        << fmt::format("{}: {:.2f} Mbit/s measured, the link carries {:.2f} (tbf {:.1f} Mbit/s, MTU {})",
                       record.at("label").get<std::string>(), measured / 1e6, expected / 1e6,
                       link->rate_bits_per_second / 1e6, link->mtu);
  }

  static void expect_loss_reported(const nlohmann::json& record) {
    const auto& metrics = record.at("metrics");
    for (const char* name : {"lost_packets", "total_packets", "lost_percent"})
      ASSERT_TRUE(metrics.contains(name)) << "no " << name << " in " << metrics.dump();
    const double lost = metrics["lost_packets"]["value"], total = metrics["total_packets"]["value"];
    EXPECT_GT(total, 0);
    EXPECT_LE(lost, total);
    // iperf2 prints the percentage rounded.
    const double percent = 100 * lost / total;
    EXPECT_NEAR(metrics["lost_percent"]["value"].get<double>(), percent, 0.5 + 0.01 * percent);
  }
};

TEST_P(IperfOverSsh, MeasuresTheShapedLinkReportsIperfsFigureAndLeavesNothingRunning) {
  LabRun run;
  run_pipeline(run, pipeline(), env());
  ASSERT_EQ(run.output.status, 0) << describe(run.output);

  std::vector<std::string> labels;
  for (const auto& record : run.records) labels.push_back(record.at("label"));
  const auto& direction = GetParam().direction;
  const auto expected_labels =
      direction == "both" ? std::vector<std::string>{"upstream", "downstream"} : std::vector<std::string>{direction};
  EXPECT_EQ(labels, expected_labels) << describe(run.output);

  for (const auto& record : run.records) {
    SCOPED_TRACE(record.at("label").get<std::string>());
    EXPECT_EQ(record.at("status"), "passed") << record.at("message");
    EXPECT_EQ(record.at("details").at("tool"), GetParam().tool);
    EXPECT_EQ(record.at("details").at("protocol"), GetParam().udp ? "udp" : "tcp");
    expect_link_rate(record);
    if (GetParam().udp) expect_loss_reported(record);

    const double summary = record.at("metrics").at("summary_bandwidth").at("value");
    const double figure = iperf_final_figure(run, record, GetParam().tool);
    EXPECT_NEAR(summary, figure, 1e-9 * figure) << "summary_bandwidth is not iperf's own final figure";

    expect_nothing_left(record);
  }
  expect_no_ssh_session_left(env());
}

std::vector<Case> all_cases() {
  std::vector<Case> cases;
  for (const char* tool : {"iperf3", "iperf2"})
    for (const bool udp : {false, true})
      for (const char* direction : {"upstream", "downstream", "both"}) cases.push_back({tool, udp, direction});
  return cases;
}

INSTANTIATE_TEST_SUITE_P(Lab, IperfOverSsh, testing::ValuesIn(all_cases()), case_name);

}  // namespace
}  // namespace tuna::test::lab
