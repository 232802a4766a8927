// The ping parser on outputs of the real ping, run here on loopback: every figure it reads
// against the number ping printed, found in the same text by plain string search.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "parse/ping_output.hpp"
#include "parse/ping_parse_raw.hpp"
#include "parse/reachability.hpp"
#include "ping_text.hpp"
#include "run_tuna.hpp"

namespace {

using namespace tuna::test::ping_text;
using tuna::ping::parse_ping_output;

void expect_replies_as_printed(const tuna::ping::PingOutput& parsed, const std::string& text) {
  const auto printed = printed_replies(text);
  ASSERT_EQ(parsed.replies.size(), printed.size()) << text;
  for (std::size_t i = 0; i < printed.size(); ++i) {
    EXPECT_EQ(parsed.replies[i].sequence, printed[i].sequence) << printed[i].line;
    EXPECT_DOUBLE_EQ(parsed.replies[i].time_ms, printed[i].time_ms) << printed[i].line;
    EXPECT_EQ(parsed.replies[i].duplicate, printed[i].duplicate) << printed[i].line;
    ASSERT_TRUE(parsed.replies[i].ttl) << printed[i].line;
    EXPECT_NE(printed[i].line.find("ttl=" + std::to_string(*parsed.replies[i].ttl) + " "), std::string::npos);
  }
}

void expect_statistics_as_printed(const tuna::ping::PingOutput& parsed, const std::string& text) {
  const auto summary = printed_summary(text);
  ASSERT_TRUE(summary) << text;
  ASSERT_TRUE(parsed.summary) << text;
  EXPECT_EQ(parsed.summary->transmitted, summary->transmitted);
  EXPECT_EQ(parsed.summary->received, summary->received);
  EXPECT_DOUBLE_EQ(parsed.summary->loss_percent, summary->loss);
  EXPECT_DOUBLE_EQ(static_cast<double>(parsed.summary->duplicates), summary->duplicates);
  EXPECT_DOUBLE_EQ(static_cast<double>(parsed.summary->errors), summary->errors);
  EXPECT_DOUBLE_EQ(parsed.summary->time_ms, summary->time_ms);
  const auto rtt = printed_rtt(text);
  ASSERT_EQ(parsed.round_trip.has_value(), rtt.has_value()) << text;
  if (!rtt) return;
  EXPECT_DOUBLE_EQ(parsed.round_trip->min_ms, rtt->min);
  EXPECT_DOUBLE_EQ(parsed.round_trip->avg_ms, rtt->avg);
  EXPECT_DOUBLE_EQ(parsed.round_trip->max_ms, rtt->max);
  EXPECT_DOUBLE_EQ(parsed.round_trip->mdev_ms, rtt->mdev);
}

TEST(PingParse, RepliesAndStatisticsAreWhatPingPrinted) {
  const auto text = run_ping({"-n", "-c", "5", "-i", "0.01", "-s", "100", "127.0.0.1"});
  const auto parsed = parse_ping_output(text);
  EXPECT_EQ(parsed.target, "127.0.0.1");
  EXPECT_THAT(parsed.problems, testing::IsEmpty());
  expect_replies_as_printed(parsed, text);
  expect_statistics_as_printed(parsed, text);
  EXPECT_FALSE(parsed.started) << "plain ping output has no arrival stamps";
}

TEST(PingParse, PingsOwnTimestampsAndOutstandingReportsDoNotHideReplies) {
  // -D puts "[epoch.micros] " before each reply; -O reports requests left unanswered.
  const auto text = run_ping({"-n", "-O", "-D", "-c", "4", "-i", "0.01", "127.0.0.1"});
  ASSERT_NE(text.find("] 64 bytes from"), std::string::npos) << text;
  const auto parsed = parse_ping_output(text);
  expect_replies_as_printed(parsed, text);
  expect_statistics_as_printed(parsed, text);
}

TEST(PingParse, ADeadlineRunIsReadTheSame) {
  const auto text = run_ping({"-n", "-O", "-i", "0.2", "-w", "1", "127.0.0.1"});
  const auto parsed = parse_ping_output(text);
  expect_replies_as_printed(parsed, text);
  expect_statistics_as_printed(parsed, text);
  EXPECT_EQ(tuna::ping::longest_run(parsed), static_cast<int>(parsed.replies.size()));
}

TEST(PingParse, PingsOwnComplaintIsPingOutputWithAProblem) {
  // No network involved: the family refuses the address before anything is sent.
  const auto text = run_ping({"-n", "-6", "-c", "1", "127.0.0.1"});
  ASSERT_EQ(text.rfind("ping: ", 0), 0u) << text;
  const auto parsed = parse_ping_output(text);
  EXPECT_FALSE(parsed.summary);
  ASSERT_EQ(parsed.problems.size(), 1u);
  EXPECT_EQ(parsed.problems[0] + "\n", text);

  const auto outcome = tuna::ping::parse_raw(text, "ping");
  EXPECT_EQ(outcome.verdict, tuna::ParseVerdict::failed_test);
  EXPECT_EQ(outcome.message + "\n", text);
}

TEST(PingParse, ParseRawDocumentCarriesThePrintedFigures) {
  const auto text = run_ping({"-n", "-c", "3", "-i", "0.01", "127.0.0.1"});
  const auto outcome = tuna::ping::parse_raw(text, "");
  ASSERT_EQ(outcome.verdict, tuna::ParseVerdict::good) << outcome.message;
  const auto& document = outcome.document;
  const auto summary = printed_summary(text);
  const auto rtt = printed_rtt(text);
  ASSERT_TRUE(summary && rtt) << text;
  EXPECT_EQ(document["tool"], "ping");
  EXPECT_EQ(document["transmitted"], summary->transmitted);
  EXPECT_EQ(document["received"], summary->received);
  EXPECT_EQ(document["loss_percent"], summary->loss);
  EXPECT_EQ(document["rtt"]["avg_ms"], rtt->avg);
  EXPECT_EQ(document["rtt"]["mdev_ms"], rtt->mdev);
  EXPECT_EQ(document["replies"], printed_replies(text).size());
}

TEST(PingParse, OtherToolsOutputAndOtherHintsAreNotRecognised) {
  const auto iperf = tuna::test::read_file(std::string(TUNA_FIXTURES_DIR) + "/iperf/iperf3/tcp_client.txt");
  ASSERT_FALSE(iperf.empty());
  EXPECT_THROW(parse_ping_output(iperf), tuna::ping::NotPingOutput);
  const auto outcome = tuna::ping::parse_raw(iperf, "");
  EXPECT_EQ(outcome.verdict, tuna::ParseVerdict::not_recognised);
  EXPECT_THAT(outcome.message, testing::HasSubstr("no ping header"));

  const auto ping = run_ping({"-n", "-c", "1", "127.0.0.1"});
  const auto hinted = tuna::ping::parse_raw(ping, "iperf3");
  EXPECT_EQ(hinted.verdict, tuna::ParseVerdict::not_recognised);
  EXPECT_THAT(hinted.message, testing::HasSubstr("expected ping"));
}

// The counting rule itself: a gap in the sequence numbers starts over, a duplicate
// answer does not count, and the 16-bit sequence number wraps.
TEST(PingParse, ConsecutiveRepliesStartOverAfterAGap) {
  tuna::ping::ConsecutiveReplies counter;
  std::vector<int> runs;
  for (const int sequence : {1, 2, 4, 5, 5, 6, 65535, 0, 1})
    runs.push_back(counter.add({.sequence = sequence, .duplicate = runs.size() == 4}));
  EXPECT_EQ(runs, (std::vector<int>{1, 2, 1, 2, 2, 3, 1, 2, 3}));
  EXPECT_EQ(counter.longest(), 3);
}

}  // namespace
