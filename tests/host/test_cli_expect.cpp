// Through the tuna binary: a step's expectations judge its measurements (results.jsonl,
// console, junit.xml, exit status), and on_failure / --keep-going decide whether the run
// goes on after a step that did not pass. The sleep component's `slept` metric (seconds)
// makes misses deterministic: a nap of 0.02 s never slept less than 0.001 s.
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <pugixml.hpp>
#include <sstream>

#include "run_tuna.hpp"

using testing::HasSubstr;
using tuna::test::read_file;
using tuna::test::run_tuna;
using tuna::test::TempDir;

namespace {

std::vector<std::string> steps_of(const std::vector<nlohmann::json>& records) {
  std::vector<std::string> steps;
  for (const auto& record : records) steps.push_back(record["step"]);
  return steps;
}

// "  - name: <name>\n ..." for a 0.02 s nap with the extra step keys given.
std::string nap(const std::string& name, const std::string& extra = "") {
  return fmt::format("  - name: {}\n    component: sleep\n    settings: {{ seconds: 0.02 }}\n{}", name,
                     extra);
}
// A step cut short by its timeout: an error, not a failure.
std::string late(const std::string& name, const std::string& extra = "") {
  return fmt::format(
      "  - name: {}\n    component: sleep\n    timeout: 0.05\n    settings: {{ seconds: 5 }}\n{}", name,
      extra);
}
const std::string too_short = "    expect: { slept: \"< 0.001\" }\n";

class CliExpect : public ::testing::Test {
 protected:
  tuna::test::TunaOutput run(const std::string& steps, const std::string& flags = "") {
    const auto pipeline = dir.write("naps.yaml", "name: naps\nsteps:\n" + steps);
    return run_tuna("run " + pipeline.string() + " -o " + out.string() + " " + flags);
  }
  std::vector<nlohmann::json> records() const { return tuna::test::read_records(out / "results.jsonl"); }

  TempDir dir;
  const std::filesystem::path out = dir.path() / "run";
};

}  // namespace

TEST_F(CliExpect, AMissFailsTheMeasurementEverywhereItIsReported) {
  const auto result =
      run(nap("nap", "    expect: { slept: \"< 0.001\", slept_mbps: \"> 1\", jitter: \"< 1\" }\n") +
          nap("after"));
  EXPECT_EQ(result.status, 1) << result.err;
  const auto all = records();
  ASSERT_EQ(steps_of(all), std::vector<std::string>{"nap"}) << "a failed step stops the run by default";
  const auto& record = all[0];
  EXPECT_EQ(record["status"], "failed");

  const auto slept = record["metrics"]["slept"]["value"].get<double>();
  const auto& verdicts = record["expectations"];
  ASSERT_EQ(verdicts.size(), 3u) << record.dump();
  EXPECT_EQ(verdicts[0], (nlohmann::json{{"metric", "slept"},
                                         {"op", "<"},
                                         {"limit", 0.001},
                                         {"unit", "s"},
                                         {"actual", slept},
                                         {"met", false}}));
  EXPECT_EQ(verdicts[1]["unit"], "Mbit/s");
  EXPECT_TRUE(verdicts[1]["actual"].is_null());
  EXPECT_EQ(verdicts[2]["metric"], "jitter");
  EXPECT_TRUE(verdicts[2]["actual"].is_null());
  EXPECT_EQ(verdicts[2]["met"], false);

  const auto message = record["message"].get<std::string>();
  EXPECT_EQ(message,
            fmt::format("slept {:g} s is not < 0.001 s; metric 'slept' is in s, not bits/s, so it cannot "
                        "be compared in Mbit/s; no metric 'jitter' in this measurement",
                        slept));
  EXPECT_THAT(result.err + result.out, HasSubstr(message));

  pugi::xml_document junit;
  ASSERT_TRUE(junit.load_file((out / "junit.xml").c_str()));
  const auto failure = junit.select_node("//testcase/failure");
  ASSERT_TRUE(failure) << read_file(out / "junit.xml");
  EXPECT_EQ(failure.node().attribute("message").value(), message);
}

TEST_F(CliExpect, MetExpectationsPassAndAreRecorded) {
  const auto result = run(nap("nap", "    expect: { slept: \">= 0.02\" }\n") + nap("after"));
  EXPECT_EQ(result.status, 0) << result.err;
  const auto all = records();
  ASSERT_EQ(steps_of(all), (std::vector<std::string>{"nap", "after"}));
  EXPECT_EQ(all[0]["status"], "passed");
  ASSERT_EQ(all[0]["expectations"].size(), 1u);
  EXPECT_EQ(all[0]["expectations"][0]["met"], true);
  EXPECT_EQ(all[0]["expectations"][0]["actual"], all[0]["metrics"]["slept"]["value"]);
  EXPECT_TRUE(all[1]["expectations"].empty());
}

TEST_F(CliExpect, OnFailureContinueRunsTheNextStepAndStillExitsFailed) {
  const auto result = run(nap("nap", too_short + "    on_failure: continue\n") + nap("after"));
  EXPECT_EQ(result.status, 1) << result.err;
  const auto all = records();
  ASSERT_EQ(steps_of(all), (std::vector<std::string>{"nap", "after"}));
  EXPECT_EQ(all[0]["status"], "failed");
  EXPECT_EQ(all[1]["status"], "passed");
}

TEST_F(CliExpect, AnErrorStopsTheRunUnlessKeepGoingAndIsNeverJudged) {
  const auto steps =
      late("late", "    expect: { slept: \"> 100\" }\n") + nap("nap", too_short) + nap("after");

  const auto stopped = run(steps);
  EXPECT_EQ(stopped.status, 3) << stopped.err;
  const auto first = records();
  ASSERT_EQ(steps_of(first), std::vector<std::string>{"late"});
  EXPECT_EQ(first[0]["status"], "error");
  EXPECT_TRUE(first[0]["expectations"].empty()) << "an error is not judged";

  std::filesystem::remove_all(out);
  const auto kept_going = run(steps, "--keep-going");
  EXPECT_EQ(kept_going.status, 3) << "the worst outcome wins: " << kept_going.err;
  const auto all = records();
  ASSERT_EQ(steps_of(all), (std::vector<std::string>{"late", "nap", "after"}));
  EXPECT_EQ(all[0]["status"], "error");
  EXPECT_EQ(all[1]["status"], "failed");
  EXPECT_EQ(all[2]["status"], "passed");
}

TEST_F(CliExpect, KeepGoingAfterAFailureExitsFailed) {
  const auto result = run(nap("nap", too_short) + nap("after"), "-k");
  EXPECT_EQ(result.status, 1) << result.err;
  EXPECT_EQ(steps_of(records()), (std::vector<std::string>{"nap", "after"}));
}
