// The ping step end to end on loopback with the real ping through LocalHost: its metrics
// against the numbers in the raw file it saved, until_reachable stopping ping as soon as
// it is met, and the ways it ends early (interrupted, out of time, no ping to run).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "component/ping_spec.hpp"
#include "component/ping_step.hpp"
#include "fake_run_context.hpp"
#include "local_host.hpp"
#include "ping_text.hpp"
#include "run_tuna.hpp"

namespace {

using namespace std::chrono_literals;
using namespace tuna::test::ping_text;
using testing::HasSubstr;

std::map<std::string, double> metrics_of(const tuna::Measurement& measurement) {
  std::map<std::string, double> metrics;
  for (const auto& metric : measurement.metrics) metrics[metric.name] = metric.value;
  return metrics;
}

// A host whose ping is a program that does not exist.
const std::map<std::string, std::string> no_ping{{"ping", "/nonexistent/ping"}};

struct Loopback {
  explicit Loopback(std::map<std::string, std::string> programs = {})
      : dut("dut", "127.0.0.1", std::move(programs)), peer("peer", "127.0.0.1") {
    context.add_host(dut);
    context.add_host(peer);
  }

  // Runs a step of `yaml` settings (besides from and to); its one measurement.
  tuna::Measurement run(const std::string& yaml) {
    const auto settings =
        tuna::test::validated_settings(tuna::ping::component_spec(), "from: dut\nto: peer\n" + yaml);
    EXPECT_THAT(tuna::ping::check_rep(settings), testing::IsEmpty());
    tuna::ping::PingStep step(settings);
    const auto started = std::chrono::steady_clock::now();
    const auto result = step.run(context);
    took = std::chrono::steady_clock::now() - started;
    EXPECT_EQ(context.measurements.size(), 1u);
    if (context.measurements.empty()) return {};
    EXPECT_EQ(result.status, context.measurements.back().status);
    return context.measurements.back();
  }

  std::string raw_text(const tuna::Measurement& measurement) const {
    EXPECT_EQ(measurement.artifacts.size(), 1u);
    return measurement.artifacts.empty() ? std::string()
                                         : tuna::test::read_file(measurement.artifacts.front());
  }

  tuna::host::LocalHost dut;
  tuna::host::LocalHost peer;
  tuna::test::FakeRunContext context;
  std::chrono::steady_clock::duration took{};
};

TEST(PingRun, StatisticsAreThoseInTheSavedRawOutput) {
  Loopback loopback;
  const auto measurement = loopback.run("count: 5\ninterval: 0.01\nsize: 200\n");
  ASSERT_EQ(measurement.status, tuna::Status::passed) << measurement.message;
  const auto text = loopback.raw_text(measurement);
  for (const auto& line : lines_of(text)) EXPECT_EQ(line.find("Z "), 26u) << "not stamped: " << line;
  EXPECT_THAT(text, HasSubstr("200(228) bytes of data")) << "size goes to ping -s";

  const auto summary = printed_summary(text);
  const auto rtt = printed_rtt(text);
  ASSERT_TRUE(summary && rtt) << text;
  auto metrics = metrics_of(measurement);
  EXPECT_EQ(metrics["transmitted"], summary->transmitted);
  EXPECT_EQ(metrics["received"], summary->received);
  EXPECT_EQ(metrics["loss"], summary->loss);
  EXPECT_EQ(metrics["duplicates"], summary->duplicates);
  EXPECT_EQ(metrics["errors"], summary->errors);
  EXPECT_EQ(metrics["rtt_min"], rtt->min);
  EXPECT_EQ(metrics["rtt_avg"], rtt->avg);
  EXPECT_EQ(metrics["rtt_max"], rtt->max);
  EXPECT_EQ(metrics["rtt_mdev"], rtt->mdev);
  EXPECT_EQ(measurement.metrics.front().name, "rtt_avg") << "the console's headline";
  for (const auto& metric : measurement.metrics)
    EXPECT_EQ(metric.unit, metric.name.starts_with("rtt_") ? "ms"
                           : metric.name == "loss"         ? "%"
                                                           : "")
        << metric.name;

  EXPECT_EQ(measurement.details["from"], "dut");
  EXPECT_EQ(measurement.details["address"], "127.0.0.1");
  EXPECT_EQ(measurement.details["exit"]["code"], 0);
  EXPECT_THAT(measurement.details["command"].get<std::string>(), HasSubstr("-c 5"));
}

TEST(PingRun, UntilReachableStopsPingOnceTheRepliesAreInAndTimesThemFromTheStamps) {
  Loopback loopback;
  const auto measurement = loopback.run("mode: until_reachable\nreplies: 3\ninterval: 0.1\ntime_limit: 20\n");
  ASSERT_EQ(measurement.status, tuna::Status::passed) << measurement.message;
  EXPECT_LT(loopback.took, 5s) << "ping was left to run to its time limit";
  EXPECT_NE(measurement.details["exit"]["signal"], 0)
      << "the step stopped ping: " << measurement.details.dump();

  const auto text = loopback.raw_text(measurement);
  const auto replies = printed_replies(text);
  ASSERT_GE(replies.size(), 3u) << text;
  const double expected = stamp_seconds(replies[2].line) - stamp_seconds(lines_of(text).front());
  auto metrics = metrics_of(measurement);
  EXPECT_NEAR(metrics["time_to_reachable"], expected, 1e-6) << text;
  EXPECT_EQ(metrics["consecutive_replies"], 3);
  EXPECT_EQ(loopback.context.measurements.front().metrics.front().name, "time_to_reachable");
}

TEST(PingRun, AnInterruptedRunIsAnErrorAndStopsPingAtOnce) {
  Loopback loopback;
  loopback.context.cancel = true;
  const auto measurement = loopback.run("count: 100\ninterval: 0.1\n");
  EXPECT_EQ(measurement.status, tuna::Status::error);
  EXPECT_THAT(measurement.message, HasSubstr("interrupted"));
  EXPECT_LT(loopback.took, 3s);
}

TEST(PingRun, PingStillRunningAtTheStepDeadlineIsStopped) {
  Loopback loopback;
  loopback.context.deadline_at = tuna::Clock::now() + 500ms;
  const auto measurement = loopback.run("count: 100\ninterval: 0.1\n");
  EXPECT_EQ(measurement.status, tuna::Status::error);
  EXPECT_THAT(measurement.message, HasSubstr("did not finish in time"));
  EXPECT_LT(loopback.took, 3s);
  EXPECT_THAT(loopback.raw_text(measurement), HasSubstr("icmp_seq=1 ")) << "what it measured is kept";
}

TEST(PingRun, PingsComplaintIsAnErrorInItsOwnWords) {
  Loopback loopback;
  const auto measurement = loopback.run("family: ipv6\ncount: 1\n");
  EXPECT_EQ(measurement.status, tuna::Status::error);
  const auto text = loopback.raw_text(measurement);
  const auto complaint = line_with(text, "ping: ");
  ASSERT_TRUE(complaint) << text;
  EXPECT_THAT(measurement.message, HasSubstr(complaint->substr(complaint->find("ping: "))));
  EXPECT_THAT(measurement.message, HasSubstr("on dut"));
}

TEST(PingRun, NoPingToRunIsAnErrorNamingTheHost) {
  Loopback loopback(no_ping);
  const auto measurement = loopback.run("count: 1\n");
  EXPECT_EQ(measurement.status, tuna::Status::error);
  EXPECT_THAT(measurement.message, HasSubstr("dut"));
  EXPECT_THAT(measurement.message, HasSubstr("/nonexistent/ping"));
}

TEST(PingRun, PlanIsTheCommandItRuns) {
  Loopback loopback;
  const auto settings = tuna::test::validated_settings(
      tuna::ping::component_spec(),
      "from: dut\nto: peer\nmode: until_reachable\nreplies: 4\ntime_limit: 30\nttl: 9\n");
  const auto plan = tuna::ping::PingStep(settings).plan(loopback.context);
  ASSERT_EQ(plan.size(), 1u);
  EXPECT_EQ(plan[0],
            "ping on dut until 4 replies in a row from peer, at most 30 s: ping -n -O -i 1 -W 2 -t 9 -w 30 "
            "127.0.0.1");
}

TEST(PingRun, PreflightFindsIputilsPingOrSaysItIsMissing) {
  Loopback present;
  const auto settings = tuna::test::validated_settings(tuna::ping::component_spec(), "from: dut\nto: peer\n");
  const auto found = tuna::ping::PingStep(settings).preflight(present.context);
  EXPECT_THAT(found.problems, testing::IsEmpty());
  ASSERT_EQ(found.found.size(), 1u);
  EXPECT_THAT(found.found[0], HasSubstr("iputils"));

  Loopback missing(no_ping);
  const auto lacking = tuna::ping::PingStep(settings).preflight(missing.context);
  ASSERT_EQ(lacking.problems.size(), 1u);
  EXPECT_THAT(lacking.problems[0], HasSubstr("dut has no ping"));
}

// Over SSH a missing ping is the remote shell's "not found" and exit 127: still "no ping",
// not a ping of the wrong kind.
TEST(PingRun, PreflightCallsTheShellsNotFoundNoPing) {
  tuna::test::TempDir dir;
  const auto shell_not_found = dir.write("ping", "#!/bin/sh\necho 'sh: 1: ping: not found' >&2\nexit 127\n");
  std::filesystem::permissions(shell_not_found, std::filesystem::perms::owner_all);
  Loopback remote_like({{"ping", shell_not_found.string()}});
  const auto settings = tuna::test::validated_settings(tuna::ping::component_spec(), "from: dut\nto: peer\n");
  const auto lacking = tuna::ping::PingStep(settings).preflight(remote_like.context);
  ASSERT_EQ(lacking.problems.size(), 1u);
  EXPECT_THAT(lacking.problems[0], HasSubstr("dut has no ping"));
  EXPECT_THAT(lacking.problems[0], HasSubstr("not found"));
}

}  // namespace
