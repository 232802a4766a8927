// End to end on loopback with the real iperf3 and iperf2 through LocalHost: the step's
// figures against the numbers iperf printed in the raw files it saved, failures read
// from iperf's output, and no process left behind.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <numeric>
#include <regex>
#include <sstream>

#include "component/iperf_spec.hpp"
#include "component/iperf_step.hpp"
#include "fake_run_context.hpp"
#include "local_host.hpp"

namespace {

using json = nlohmann::json;

// Each test has ports of its own (ctest may run them side by side): base + 0..3.
struct Loopback {
  explicit Loopback(std::string peer_address = "127.0.0.1")
      : dut("dut", "127.0.0.1"), peer("peer", std::move(peer_address)) {
    context.add_host(dut);
    context.add_host(peer);
  }

  tuna::StepResult run(const std::string& yaml) {
    auto settings = tuna::test::validated_settings(tuna::iperf::component_spec(),
                                                   "dut: dut\nserver: peer\ntime: 1\n" + yaml);
    EXPECT_TRUE(tuna::iperf::check_rep(settings).empty());
    tuna::iperf::IperfStep step(settings);
    return step.run(context);
  }

  tuna::host::LocalHost dut;
  tuna::host::LocalHost peer;
  tuna::test::FakeRunContext context;
};

std::optional<double> metric(const tuna::Measurement& m, const std::string& name) {
  for (const auto& metric : m.metrics)
    if (metric.name == name) return metric.value;
  return std::nullopt;
}

// A raw file's text without its stamps; every line must carry one.
std::string unstamped(const std::filesystem::path& file) {
  static const std::regex stamp(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z )");
  std::istringstream in(tuna::test::read_file(file));
  std::string line, text;
  while (std::getline(in, line)) {
    EXPECT_TRUE(std::regex_search(line, stamp)) << file << ": " << line;
    text += std::regex_replace(line, stamp, "") + "\n";
  }
  return text;
}

std::filesystem::path raw_file(const tuna::Measurement& m, const std::string& name) {
  for (const auto& path : m.artifacts)
    if (path.filename() == name) return path;
  ADD_FAILURE() << "no artifact " << name;
  return {};
}

json first_json(const std::string& text) {
  std::istringstream in(text);
  json document;
  in >> document;
  return document;
}

// "client: end.sum_received.bits_per_second" -> the number at that place in the JSON.
double at_source(const json& document, const json& sources, const std::string& figure) {
  auto source = sources.at(figure).get<std::string>();
  source = source.substr(source.find(": ") + 2);
  std::string pointer = "/" + std::regex_replace(source, std::regex("\\."), "/");
  return document.at(json::json_pointer(pointer)).get<double>();
}

void expect_processes_gone(const tuna::Measurement& m) {
  ASSERT_FALSE(m.details.at("pids").empty());
  for (const auto& pid : m.details.at("pids")) {
    errno = 0;
    EXPECT_EQ(kill(static_cast<pid_t>(pid.get<long>()), 0), -1) << "pid " << pid << " still runs";
    EXPECT_EQ(errno, ESRCH) << "pid " << pid;
  }
}

// The rate in a human iperf line ("... 21.8 Gbits/sec ...") in bits/s, and the printed
// precision (half a unit of its last digit).
std::pair<double, double> printed_rate(const std::string& line) {
  static const std::regex rate(R"(([0-9.]+) ([KMG]?)bits/sec)");
  std::smatch match;
  EXPECT_TRUE(std::regex_search(line, match, rate)) << line;
  const std::string digits = match[1];
  const double unit = match[2] == "G" ? 1e9 : match[2] == "M" ? 1e6 : match[2] == "K" ? 1e3 : 1;
  const auto dot = digits.find('.');
  const int decimals = dot == std::string::npos ? 0 : static_cast<int>(digits.size() - dot - 1);
  return {std::stod(digits) * unit, 0.5 * std::pow(10.0, -decimals) * unit};
}

// The bits/s of the iperf2 client's CSV rows for the whole test: each stream's last row
// from 0.0 (with -i 1 and a 1 s test its last interval row looks just the same, and
// streams print in any order).
std::vector<double> final_csv_rates(const std::string& text) {
  static const std::regex whole_test_row(R"(,([0-9]+),0\.0-[0-9.]+,[0-9]+,([0-9]+)\n)");
  std::map<std::string, double> by_stream;
  for (std::sregex_iterator it(text.begin(), text.end(), whole_test_row), end; it != end; ++it)
    by_stream[(*it)[1]] = std::stod((*it)[2]);
  std::vector<double> rates;
  for (const auto& [stream, rate] : by_stream) rates.push_back(rate);
  return rates;
}

// The iperf2 server's last line for the whole test ("0.0000-1.00xx sec").
std::string final_server_line(const std::string& text) {
  std::istringstream in(text);
  std::string line, last;
  while (std::getline(in, line))
    if (line.find(" 0.0000-") != std::string::npos && line.find("bits/sec") != std::string::npos) last = line;
  EXPECT_FALSE(last.empty()) << text;
  return last;
}

// The headline by its definition: the median of the receiving server's interval lines
// (one stream: "[  5]   0.00-0.25   sec  ...  19.6 Gbits/sec"), a last interval shorter
// than half a whole one (iperf's final flush) left out.
double median_interval_rate(const std::string& server_text) {
  static const std::regex row(
      R"(^\[\s*\d+\]\s+([\d.]+)-([\d.]+)\s+sec\s+\S+\s+\S+\s+([\d.]+) ([KMG]?)bits/sec\s*$)");
  const std::map<std::string, double> scale{{"", 1}, {"K", 1e3}, {"M", 1e6}, {"G", 1e9}};
  std::vector<std::pair<double, double>> intervals;  // length, rate
  std::istringstream in(server_text);
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (std::regex_match(line, m, row))
      intervals.emplace_back(std::stod(m[2]) - std::stod(m[1]), std::stod(m[3]) * scale.at(m[4]));
  }
  EXPECT_GE(intervals.size(), 2u) << server_text;
  if (intervals.size() >= 2 && intervals.back().first < intervals.front().first / 2) intervals.pop_back();
  std::vector<double> rates;
  for (const auto& [length, rate] : intervals) rates.push_back(rate);
  std::sort(rates.begin(), rates.end());
  const auto n = rates.size();
  return n % 2 ? rates[n / 2] : (rates[n / 2 - 1] + rates[n / 2]) / 2;
}

TEST(IperfLoopback, Iperf3TcpBothDirectionsRecordTheReceiverFigureOfTheRawJson) {
  Loopback lab;
  auto result = lab.run("tool: iperf3\nport: 25201\ninterval: 0.25\n");
  ASSERT_EQ(lab.context.measurements.size(), 2u);
  EXPECT_EQ(result.status, tuna::Status::passed) << result.message;
  for (const auto& [index, label] : {std::pair{0, "upstream"}, std::pair{1, "downstream"}}) {
    const auto& m = lab.context.measurements[index];
    SCOPED_TRACE(label);
    EXPECT_EQ(m.label, label);
    ASSERT_EQ(m.status, tuna::Status::passed) << m.message;
    const auto raw = first_json(unstamped(raw_file(m, std::string(label) + "-tcp-client-r1.txt")));
    EXPECT_EQ(m.details.at("summary_sources").at("bits_per_second"),
              "client: end.sum_received.bits_per_second");
    EXPECT_EQ(metric(m, "summary_bandwidth"),
              raw.at("end").at("sum_received").at("bits_per_second").get<double>());
    EXPECT_EQ(metric(m, "sender_bandwidth"),
              raw.at("end").at("sum_sent").at("bits_per_second").get<double>());
    const auto server_text = unstamped(raw_file(m, std::string(label) + "-tcp-server-r1.txt"));
    ASSERT_TRUE(metric(m, "bandwidth"));
    EXPECT_NEAR(*metric(m, "bandwidth"), median_interval_rate(server_text), 1e-9 * *metric(m, "bandwidth"));
    EXPECT_EQ(m.details.at("interval_side"), "server");
    EXPECT_EQ(m.details.at("tool"), "iperf3");
    EXPECT_NE(m.details.at("client").at("command").get<std::string>().find("-c 127.0.0.1 -p"),
              std::string::npos);
    expect_processes_gone(m);
  }
  EXPECT_NE(lab.context.measurements[0].details.at("port"), lab.context.measurements[1].details.at("port"));
  EXPECT_FALSE(lab.context.progress_updates.empty()) << "the server's interval lines give live progress";
}

TEST(IperfLoopback, Iperf3UdpTakesJitterAndLossFromTheReceiversFigures) {
  Loopback lab;
  auto result = lab.run("tool: iperf3\nport: 25211\ndirection: upstream\nudp: true\nbandwidth: 10M\n");
  ASSERT_EQ(lab.context.measurements.size(), 1u);
  const auto& m = lab.context.measurements[0];
  ASSERT_EQ(m.status, tuna::Status::passed) << m.message;
  const auto raw = first_json(unstamped(raw_file(m, "upstream-udp-client-r1.txt")));
  const auto& sources = m.details.at("summary_sources");
  EXPECT_EQ(metric(m, "summary_bandwidth"), at_source(raw, sources, "bits_per_second"));
  EXPECT_EQ(metric(m, "jitter"), raw.at("end").at("sum").at("jitter_ms").get<double>());
  EXPECT_EQ(metric(m, "lost_percent"), raw.at("end").at("sum").at("lost_percent").get<double>());
  EXPECT_EQ(metric(m, "lost_packets"), raw.at("end").at("sum").at("lost_packets").get<double>());
  expect_processes_gone(m);
  EXPECT_EQ(result.status, tuna::Status::passed);
}

TEST(IperfLoopback, Iperf3FourStreamsDownstream) {
  Loopback lab;
  lab.run("tool: iperf3\nport: 25221\ndirection: downstream\nparallel: 4\n");
  ASSERT_EQ(lab.context.measurements.size(), 1u);
  const auto& m = lab.context.measurements[0];
  ASSERT_EQ(m.status, tuna::Status::passed) << m.message;
  const auto raw = first_json(unstamped(raw_file(m, "downstream-tcp-client-r1.txt")));
  EXPECT_EQ(raw.at("start").at("connected").size(), 4u);
  EXPECT_EQ(metric(m, "summary_bandwidth"),
            raw.at("end").at("sum_received").at("bits_per_second").get<double>());
  EXPECT_EQ(m.details.at("client").at("host"), "peer");
  expect_processes_gone(m);
}

TEST(IperfLoopback, Iperf2TcpBothDirectionsTakeTheReceivingServersFigure) {
  Loopback lab;
  auto result = lab.run("tool: iperf2\nport: 25231\n");
  ASSERT_EQ(lab.context.measurements.size(), 2u);
  EXPECT_EQ(result.status, tuna::Status::passed) << result.message;
  for (const auto& m : lab.context.measurements) {
    SCOPED_TRACE(m.label);
    ASSERT_EQ(m.status, tuna::Status::passed) << m.message;
    const auto server = unstamped(raw_file(m, m.label + "-tcp-server-r1.txt"));
    const auto [printed, precision] = printed_rate(final_server_line(server));
    ASSERT_TRUE(metric(m, "summary_bandwidth"));
    EXPECT_NEAR(*metric(m, "summary_bandwidth"), printed, precision);
    // The client's CSV final row (interval 0.0-...) is the sender's figure, to the bit.
    const auto rates = final_csv_rates(unstamped(raw_file(m, m.label + "-tcp-client-r1.txt")));
    ASSERT_EQ(rates.size(), 1u);
    EXPECT_EQ(metric(m, "sender_bandwidth"), rates.front());
    EXPECT_EQ(m.details.at("tool"), "iperf2");
    expect_processes_gone(m);
  }
}

TEST(IperfLoopback, Iperf2FourStreamsSumTheStreams) {
  Loopback lab;
  lab.run("tool: iperf2\nport: 25241\ndirection: upstream\nparallel: 4\n");
  ASSERT_EQ(lab.context.measurements.size(), 1u);
  const auto& m = lab.context.measurements[0];
  ASSERT_EQ(m.status, tuna::Status::passed) << m.message;
  const auto rates = final_csv_rates(unstamped(raw_file(m, "upstream-tcp-client-r1.txt")));
  EXPECT_EQ(rates.size(), 4u);
  const double sum = std::accumulate(rates.begin(), rates.end(), 0.0);
  ASSERT_TRUE(metric(m, "sender_bandwidth"));
  EXPECT_NEAR(*metric(m, "sender_bandwidth"), sum, 1.0);
  expect_processes_gone(m);
}

TEST(IperfLoopback, Iperf2UdpTakesJitterAndLossFromTheServersLine) {
  Loopback lab;
  lab.run(
      "tool: iperf2\nport: 25251\ndirection: downstream\nudp: on\nbandwidth: 10M\niperf2_format: human\n");
  ASSERT_EQ(lab.context.measurements.size(), 1u);
  const auto& m = lab.context.measurements[0];
  ASSERT_EQ(m.status, tuna::Status::passed) << m.message;
  const auto line = final_server_line(unstamped(raw_file(m, "downstream-udp-server-r1.txt")));
  std::smatch match;
  ASSERT_TRUE(std::regex_search(line, match, std::regex(R"(([0-9.]+) ms +([0-9]+)/ *([0-9]+))"))) << line;
  EXPECT_NEAR(*metric(m, "jitter"), std::stod(match[1]), 0.0005);
  EXPECT_EQ(metric(m, "lost_packets"), std::stod(match[2]));
  EXPECT_EQ(metric(m, "total_packets"), std::stod(match[3]));
  const auto [printed, precision] = printed_rate(line);
  EXPECT_NEAR(*metric(m, "summary_bandwidth"), printed, precision);
  expect_processes_gone(m);
}

// The client targets an address where nothing listens (the server is bound elsewhere):
// iperf reports the refusal and exits 0; the step reads the failure from the output.
TEST(IperfLoopback, RefusedRunIsAnErrorWithIperfsMessageForBothTools) {
  int base = 25261;
  for (const std::string tool : {"iperf3", "iperf2"}) {
    SCOPED_TRACE(tool);
    Loopback lab("127.0.0.2");
    auto result = lab.run(
        fmt::format("tool: {}\nport: {}\ndirection: upstream\non_server:\n  bind: 127.0.0.1\n", tool, base));
    base += 5;
    ASSERT_EQ(lab.context.measurements.size(), 1u);
    const auto& m = lab.context.measurements[0];
    EXPECT_EQ(m.status, tuna::Status::error);
    EXPECT_EQ(result.status, tuna::Status::error);
    EXPECT_NE(m.message.find("Connection refused"), std::string::npos) << m.message;
    EXPECT_FALSE(metric(m, "bandwidth"));
    EXPECT_FALSE(metric(m, "summary_bandwidth"));
    expect_processes_gone(m);
  }
}

TEST(IperfLoopback, PortInUseIsRetriedOnceOnAFreshPort) {
  const int base = 25281;
  const int holder = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(base);
  address.sin_addr.s_addr = htonl(INADDR_ANY);
  ASSERT_EQ(bind(holder, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  ASSERT_EQ(listen(holder, 1), 0);
  Loopback lab;
  lab.run(fmt::format("tool: iperf3\nport: {}\ndirection: upstream\n", base));
  close(holder);
  ASSERT_EQ(lab.context.measurements.size(), 1u);
  const auto& m = lab.context.measurements[0];
  ASSERT_EQ(m.status, tuna::Status::passed) << m.message;
  EXPECT_EQ(m.details.at("retried").at(0).at("port"), base);
  EXPECT_EQ(m.details.at("port"), base + 1);
  EXPECT_TRUE(lab.context.logger.said(tuna::LogLevel::warning, "in use"));
  expect_processes_gone(m);
}

}  // namespace
