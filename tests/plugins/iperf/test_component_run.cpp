// The iperf step's run against scripted hosts that play back real iperf outputs: tool
// and version detection, which host runs what, figures from the recorded output,
// failures read from the output, retries, and bounds on a client that never ends.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>

#include "component/iperf_spec.hpp"
#include "component/iperf_step.hpp"
#include "fake_host.hpp"
#include "fake_run_context.hpp"

namespace {

using tuna::test::ScriptedRun;

std::string fixture(const std::string& name) {
  return tuna::test::read_file(std::filesystem::path(TUNA_FIXTURES_DIR) / "iperf" / name);
}

bool has(const std::vector<std::string>& argv, const std::string& arg) {
  return std::find(argv.begin(), argv.end(), arg) != argv.end();
}

// An iperf3 host: answers --version, listens at once, and prints `client_output` as client.
tuna::test::FakeHost::Script iperf3_host(std::function<std::string(int call)> client_output,
                                         std::function<std::string(int call)> server_output = {}) {
  auto clients = std::make_shared<int>(0);
  auto servers = std::make_shared<int>(0);
  return [=](const std::vector<std::string>& argv) -> ScriptedRun {
    if (argv[0] != "iperf3") throw std::runtime_error("not found");
    if (has(argv, "--version")) return {tuna::test::out_lines("iperf 3.12 (cJSON 1.7.15)\n")};
    if (has(argv, "-s")) {
      const int call = (*servers)++;
      return {tuna::test::out_lines(server_output ? server_output(call)
                                                  : "Server listening on 5201 (test #1)\n")};
    }
    return {tuna::test::out_lines(client_output((*clients)++))};
  };
}

struct Lab {
  Lab(tuna::test::FakeHost::Script dut_script, tuna::test::FakeHost::Script peer_script)
      : dut("dut", "127.0.0.2", std::move(dut_script)), peer("peer", "127.0.0.3", std::move(peer_script)) {
    context.add_host(dut);
    context.add_host(peer);
  }
  tuna::StepResult run(const std::string& yaml) {
    tuna::iperf::IperfStep step(tuna::test::validated_settings(tuna::iperf::component_spec(),
                                                               "dut: dut\nserver: peer\ntime: 1\n" + yaml));
    return step.run(context);
  }
  tuna::test::FakeHost dut;
  tuna::test::FakeHost peer;
  tuna::test::FakeRunContext context;
};

std::optional<double> metric(const tuna::Measurement& m, const std::string& name) {
  for (const auto& metric : m.metrics)
    if (metric.name == name) return metric.value;
  return std::nullopt;
}

TEST(IperfRun, UpstreamDutIsTheClientAndFiguresComeFromItsJson) {
  const auto json_text = fixture("iperf3/tcp_client.json");
  Lab lab(iperf3_host([&](int) { return json_text; }), iperf3_host([&](int) { return json_text; }));
  auto result = lab.run("direction: upstream\naggregator: max\n");
  ASSERT_EQ(result.status, tuna::Status::passed) << result.message;
  ASSERT_EQ(lab.context.measurements.size(), 1u);
  const auto& m = lab.context.measurements[0];
  const auto raw = nlohmann::json::parse(json_text);
  EXPECT_EQ(metric(m, "summary_bandwidth"), raw["end"]["sum_received"]["bits_per_second"].get<double>());
  double highest = 0;
  for (const auto& interval : raw["intervals"])
    highest = std::max(highest, interval["sum"]["bits_per_second"].get<double>());
  EXPECT_EQ(metric(m, "bandwidth"), highest) << "aggregator max over the interval sums";
  EXPECT_EQ(metric(m, "retransmits"), raw["end"]["sum_sent"]["retransmits"].get<double>());
  EXPECT_EQ(m.details["versions"]["dut"], "3.12");
  EXPECT_EQ(m.details["versions"]["peer"], "3.12");
  EXPECT_EQ(m.details["aggregator"], "max");
  // The DUT ran the client against the server host's test address; the peer the server.
  const auto dut_runs = lab.dut.started();
  const auto peer_runs = lab.peer.started();
  ASSERT_FALSE(dut_runs.empty());
  EXPECT_TRUE(has(dut_runs.back(), "-c") && has(dut_runs.back(), "127.0.0.3"));
  EXPECT_TRUE(has(peer_runs.back(), "-s"));
  EXPECT_EQ(m.details["client"]["command"], lab.dut.render(dut_runs.back()));
}

TEST(IperfRun, BothDirectionsAreTwoMeasurementsWithRolesSwapped) {
  const auto json_text = fixture("iperf3/tcp_client.json");
  Lab lab(iperf3_host([&](int) { return json_text; }), iperf3_host([&](int) { return json_text; }));
  lab.run("");
  ASSERT_EQ(lab.context.measurements.size(), 2u);
  EXPECT_EQ(lab.context.measurements[0].label, "upstream");
  EXPECT_EQ(lab.context.measurements[1].label, "downstream");
  const auto peer_runs = lab.peer.started();
  EXPECT_TRUE(has(peer_runs.back(), "-c") && has(peer_runs.back(), "127.0.0.2"))
      << "downstream: the peer sends to the DUT";
  EXPECT_TRUE(has(lab.dut.started().back(), "-s"));
}

TEST(IperfRun, RefusedIsAnErrorWithIperfsMessageThoughTheExitStatusIsZero) {
  const auto refused = fixture("iperf3/refused.json");
  Lab lab(iperf3_host([&](int) { return refused; }), iperf3_host([&](int) { return refused; }));
  auto result = lab.run("direction: upstream\n");
  ASSERT_EQ(lab.context.measurements.size(), 1u);
  const auto& m = lab.context.measurements[0];
  EXPECT_EQ(m.status, tuna::Status::error);
  EXPECT_NE(m.message.find("unable to connect to server: Connection refused"), std::string::npos)
      << m.message;
  EXPECT_TRUE(m.metrics.empty());
  EXPECT_EQ(result.status, tuna::Status::error);
  EXPECT_NE(result.message.find("upstream: iperf: unable to connect"), std::string::npos) << result.message;
}

TEST(IperfRun, BusyServerIsRetriedOnceOnTheNextPort) {
  const auto busy = fixture("iperf3/busy.json");
  const auto good = fixture("iperf3/tcp_client.json");
  Lab lab(iperf3_host([&](int call) { return call == 0 ? busy : good; }),
          iperf3_host([&](int) { return good; }));
  lab.run("direction: upstream\nport: 7000\n");
  const auto& m = lab.context.measurements.at(0);
  EXPECT_EQ(m.status, tuna::Status::passed) << m.message;
  EXPECT_EQ(m.details["retried"][0]["port"], 7000);
  EXPECT_NE(m.details["retried"][0]["failure"].get<std::string>().find("busy"), std::string::npos);
  EXPECT_EQ(m.details["port"], 7001);
  EXPECT_EQ(m.artifacts.size(), 4u) << "both tries' raw outputs are kept";
}

TEST(IperfRun, PortInUseTwiceGivesUpAfterOneRetry) {
  const auto good = fixture("iperf3/tcp_client.json");
  const auto in_use = [](int) {
    return std::string("iperf3: error - unable to start listener for connections: Address already in use\n");
  };
  Lab lab(iperf3_host([&](int) { return good; }), iperf3_host([&](int) { return good; }, in_use));
  lab.run("direction: upstream\nport: 7100\n");
  const auto& m = lab.context.measurements.at(0);
  EXPECT_EQ(m.status, tuna::Status::error);
  EXPECT_NE(m.message.find("port 7101 is in use on peer"), std::string::npos) << m.message;
  EXPECT_EQ(lab.peer.started().size(), 3u) << "version check and two servers";
}

TEST(IperfRun, Iperf2IsFoundByItsVersionOnStderrWhenIperf3IsMissing) {
  auto iperf2 = [](const std::vector<std::string>& argv) -> ScriptedRun {
    if (argv[0] != "iperf") throw std::runtime_error("not found");
    if (has(argv, "-v")) return {{{tuna::Stream::err, "iperf version 2.1.8 (12 August 2022) pthreads"}}, 1};
    if (has(argv, "-s")) return {tuna::test::out_lines(fixture("iperf2/tcp_server.txt"))};
    return {tuna::test::out_lines(fixture("iperf2/tcp_client_csv.txt"))};
  };
  Lab lab(iperf2, iperf2);
  lab.run("direction: upstream\n");
  const auto& m = lab.context.measurements.at(0);
  EXPECT_EQ(m.details["tool"], "iperf2");
  EXPECT_EQ(m.details["versions"]["dut"], "2.1.8");
  EXPECT_TRUE(has(lab.dut.started().back(), "-y")) << "CSV by default";
}

TEST(IperfRun, NoCommonToolIsAnErrorForEveryDirection) {
  Lab lab({}, {});
  auto result = lab.run("");
  ASSERT_EQ(lab.context.measurements.size(), 2u);
  for (const auto& m : lab.context.measurements) {
    EXPECT_EQ(m.status, tuna::Status::error);
    EXPECT_NE(m.message.find("dut has no iperf3"), std::string::npos) << m.message;
  }
  EXPECT_EQ(result.status, tuna::Status::error);
}

TEST(IperfRun, AClientThatNeverEndsIsStoppedAfterTimePlusMargin) {
  auto hangs = [](const std::vector<std::string>& argv) -> ScriptedRun {
    if (has(argv, "--version")) return {tuna::test::out_lines("iperf 3.12\n")};
    if (has(argv, "-s")) return {tuna::test::out_lines("Server listening on 5201 (test #1)\n")};
    return {{}, 0, true};
  };
  Lab lab(hangs, hangs);
  const auto started = tuna::Clock::now();
  lab.run("direction: upstream\ntimeout_margin: 0.5\n");
  const std::chrono::duration<double> took = tuna::Clock::now() - started;
  const auto& m = lab.context.measurements.at(0);
  EXPECT_EQ(m.status, tuna::Status::error);
  EXPECT_NE(m.message.find("did not finish in time"), std::string::npos) << m.message;
  EXPECT_GE(took.count(), 1.5);
  EXPECT_LT(took.count(), 5.0);
}

TEST(IperfRun, CancelledBeforeTheStartRunsNothing) {
  const auto good = fixture("iperf3/tcp_client.json");
  Lab lab(iperf3_host([&](int) { return good; }), iperf3_host([&](int) { return good; }));
  lab.context.cancel = true;
  lab.run("");
  ASSERT_EQ(lab.context.measurements.size(), 2u);
  EXPECT_NE(lab.context.measurements[0].message.find("interrupted"), std::string::npos);
  for (const auto& argv : lab.dut.started()) EXPECT_FALSE(has(argv, "-c") || has(argv, "-s"));
}

TEST(IperfRun, RawFilesAreNamedByDirectionProtocolSideAndRepetition) {
  const auto json_text = fixture("iperf3/udp.json");
  Lab lab(iperf3_host([&](int) { return json_text; }), iperf3_host([&](int) { return json_text; }));
  lab.context.repetition_number = 3;
  lab.run("direction: downstream\nudp: on\n");
  const auto& m = lab.context.measurements.at(0);
  std::vector<std::string> names;
  for (const auto& path : m.artifacts) names.push_back(path.filename().string());
  EXPECT_EQ(names,
            (std::vector<std::string>{"downstream-udp-client-r3.txt", "downstream-udp-server-r3.txt"}));
  const auto raw = nlohmann::json::parse(json_text);
  EXPECT_EQ(metric(m, "jitter"), raw["end"]["sum"]["jitter_ms"].get<double>());
}

}  // namespace

// The server's rows are echoed at info as they come, other lines at debug; with parallel
// streams the progress shows the [SUM] row, the last one iperf printed.
TEST(IperfRun, ServerRowsAreEchoedLiveAndTheSumRowIsTheProgress) {
  const auto server_text = fixture("iperf3/server.txt");
  const auto json_text = fixture("iperf3/tcp_client.json");
  Lab lab(iperf3_host([&](int) { return json_text; }),
          iperf3_host([&](int) { return json_text; }, [&](int) { return server_text; }));
  lab.run("direction: upstream\n");
  std::smatch last_sum;
  const std::regex sum_row(R"(\[SUM\].* ([0-9.]+) Gbits/sec)");
  for (auto it = std::sregex_iterator(server_text.begin(), server_text.end(), sum_row);
       it != std::sregex_iterator(); ++it)
    last_sum = *it;
  ASSERT_FALSE(last_sum.empty());
  ASSERT_FALSE(lab.context.progress_updates.empty());
  EXPECT_EQ(lab.context.progress_updates.back(), fmt::format("{:.1f} Mbit/s", std::stod(last_sum[1]) * 1000));
  EXPECT_TRUE(
      lab.context.logger.said(tuna::LogLevel::info, "upstream server: " + last_sum.str(0).substr(0, 20)));
  EXPECT_FALSE(lab.context.logger.said(tuna::LogLevel::info, "Server listening"));
  EXPECT_TRUE(lab.context.logger.said(tuna::LogLevel::debug, "Server listening"));
}
