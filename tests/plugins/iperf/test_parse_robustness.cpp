// What any output must survive: every fixture, timestamp prefixes, truncation, text that
// is not iperf's, iperf3's invalid JSON, and the `tuna parse` hook's verdicts.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "parse/parse.hpp"
#include "parse/parse_raw.hpp"
#include "parse/report_json.hpp"
#include "parse_fixtures.hpp"

namespace tuna::iperf {
namespace {

using testing::fixture_files;
using testing::read_file;

Tool tool_of_fixture(const std::filesystem::path& file) {
  return file.parent_path().filename() == "iperf3" ? Tool::iperf3 : Tool::iperf2;
}

std::string with_timestamps(const std::string& text) {
  std::string prefixed;
  for (const auto& line : testing::lines_of(text)) {
    prefixed += "2026-11-26T10:00:00.123456Z " + line + "\n";
  }
  return prefixed;
}

TEST(ParseRobustness, EveryFixtureParsesAsItsTool) {
  const auto files = fixture_files();
  ASSERT_GE(files.size(), 30U);
  for (const auto& file : files) {
    SCOPED_TRACE(file.string());
    const auto text = read_file(file);
    Report report;
    ASSERT_NO_THROW(report = parse_output(text));
    EXPECT_EQ(report.tool, tool_of_fixture(file));
    EXPECT_TRUE(report.error || report.summary.bits_per_second);
    EXPECT_EQ(to_json(parse_output(text, report.tool)), to_json(report));
  }
}

TEST(ParseRobustness, TheOtherToolsHintIsRejected) {
  for (const auto& file : fixture_files()) {
    SCOPED_TRACE(file.string());
    const auto other = tool_of_fixture(file) == Tool::iperf2 ? Tool::iperf3 : Tool::iperf2;
    EXPECT_THROW(parse_output(read_file(file), other), NotIperfOutput);
  }
}

TEST(ParseRobustness, TimestampPrefixedOutputParsesIdentically) {
  for (const auto& file : fixture_files()) {
    SCOPED_TRACE(file.string());
    const auto text = read_file(file);
    EXPECT_EQ(to_json(parse_output(with_timestamps(text))), to_json(parse_output(text)));
  }
}

TEST(ParseRobustness, TruncatedOutputGivesAReportOrNotIperfOutput) {
  for (const auto& file : fixture_files()) {
    SCOPED_TRACE(file.string());
    const auto text = read_file(file);
    const auto full = parse_output(text);
    for (std::size_t cut = 0; cut < text.size(); cut += 1 + text.size() / 53) {
      try {
        const auto report = parse_output(text.substr(0, cut));
        EXPECT_LE(report.intervals.size(), full.intervals.size() + 1) << "cut at " << cut;
      } catch (const NotIperfOutput&) {
        // A cut before anything iperf-like, or inside the JSON object, is not iperf output.
      }
    }
  }
}

TEST(ParseRobustness, TruncatedJsonIsNotIperfOutput) {
  const auto text = read_file(testing::iperf_fixtures() / "iperf3" / "tcp_client.json");
  EXPECT_THROW(parse_output(text.substr(0, text.size() / 2)), NotIperfOutput);
}

TEST(ParseRobustness, TextThatIsNotIperfOutputThrows) {
  for (const std::string text :
       {"", "\n\n", "hello world\n", "PING 127.0.0.1 56(84) bytes of data.\n64 bytes from "
        "127.0.0.1: icmp_seq=1 ttl=64 time=0.040 ms\n", "{\"name\": \"not iperf\"}\n",
        "steps:\n  - name: x\n    component: iperf\n", "[1] something sec else\n"}) {
    SCOPED_TRACE(text);
    EXPECT_THROW(parse_output(text), NotIperfOutput);
  }
}

TEST(ParseRobustness, Iperf3JsonWithTextAroundItAndNan) {
  const auto file = testing::iperf_fixtures() / "iperf3" / "udp.json";
  const auto original = read_file(file);
  const auto expected = nlohmann::json::parse(original)["end"]["sum_received"];
  // What iperf3 really does: a warning before, nan for a figure it could not compute, and
  // a second document and an error line after (e.g. with --get-server-output failures).
  const std::regex jitter(R"("jitter_ms":\s*[0-9.e+-]+)");
  const auto text = "iperf3: warning - something to say first\n" +
                    std::regex_replace(original, jitter, "\"jitter_ms\": nan") +
                    "\n{\"second\": {\"text\": \"nan stays a string\"}}\n"
                    "iperf3: error - control socket has closed unexpectedly\n";
  const auto report = parse_output(text);
  EXPECT_EQ(report.summary.bits_per_second, expected["bits_per_second"].get<double>());
  EXPECT_FALSE(report.summary.jitter_ms.has_value());
  EXPECT_EQ(report.summary.total_packets, expected["packets"].get<long>());
  EXPECT_FALSE(report.error.has_value());
}

TEST(ParseRaw, VerdictsFollowTheOutput) {
  const auto fixtures = testing::iperf_fixtures();
  const auto good = parse_raw(read_file(fixtures / "iperf3" / "tcp_client.json"), "");
  EXPECT_EQ(good.verdict, ParseVerdict::good);
  const auto file = nlohmann::json::parse(read_file(fixtures / "iperf3" / "tcp_client.json"));
  // As numbers: clang finds ordered_json == json ambiguous.
  EXPECT_EQ(good.document["summary"]["bits_per_second"].get<double>(),
            file["end"]["sum_received"]["bits_per_second"].get<double>());
  EXPECT_EQ(good.document["tool"], "iperf3");

  for (const auto& failed : {fixtures / "iperf3" / "refused.json", fixtures / "iperf3" / "busy.json",
                             fixtures / "iperf2" / "refused.txt",
                             fixtures / "iperf2" / "server_bind_failed.txt"}) {
    SCOPED_TRACE(failed.string());
    const auto outcome = parse_raw(read_file(failed), "");
    EXPECT_EQ(outcome.verdict, ParseVerdict::failed_test);
    EXPECT_TRUE(outcome.document["summary"]["bits_per_second"].is_null());
    EXPECT_EQ(outcome.document["error"], outcome.message);
  }
  EXPECT_EQ(parse_raw("hello\n", "").verdict, ParseVerdict::not_recognised);
  const auto unknown_tool = parse_raw(read_file(fixtures / "iperf2" / "tcp_client.txt"), "iperf4");
  EXPECT_EQ(unknown_tool.verdict, ParseVerdict::not_recognised);
  EXPECT_NE(unknown_tool.message.find("iperf4"), std::string::npos);
  EXPECT_EQ(parse_raw(read_file(fixtures / "iperf2" / "tcp_client.txt"), "iperf2").verdict,
            ParseVerdict::good);
}

TEST(ReportJson, DocumentHasEveryFieldNullWhereUnknown) {
  const auto text = read_file(testing::iperf_fixtures() / "iperf2" / "tcp_client.txt");
  const auto document = to_json(parse_output(text));
  EXPECT_EQ(document["tool"], "iperf2");
  EXPECT_EQ(document["protocol"], "tcp");
  EXPECT_TRUE(document["error"].is_null());
  for (const auto* key : {"bits_per_second", "sender_bits_per_second", "receiver_bits_per_second",
                          "bytes", "seconds", "jitter_ms", "lost_packets", "total_packets",
                          "lost_percent", "retransmits", "sources"}) {
    EXPECT_TRUE(document["summary"].contains(key)) << key;
  }
  EXPECT_TRUE(document["summary"]["jitter_ms"].is_null());
  EXPECT_EQ(document["summary"]["bits_per_second"],
            testing::printed_rows(testing::lines_of(text)).back().bits_per_second);
  ASSERT_FALSE(document["intervals"].empty());
  const auto& stream = document["intervals"][0]["streams"][0];
  for (const auto* key : {"id", "start", "end", "bytes", "bits_per_second"}) {
    EXPECT_TRUE(stream.contains(key)) << key;
  }
  EXPECT_TRUE(document["reverse"].is_null());
}

}  // namespace
}  // namespace tuna::iperf
