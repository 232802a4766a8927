// A step's `expect:` and `on_failure:` as the pipeline loads them: read into the step, or
// each mistake reported at its line and column.
#include "pipeline_test_fixture.hpp"

namespace tuna::host {
namespace {

using namespace pipeline_testing;

const std::string sleep_step =
    "- name: a\n"
    "  component: sleep\n"
    "  settings: {seconds: 0}\n";

TEST_F(PipelineTest, ExpectationsAndOnFailureAreReadIntoTheStep) {
  auto result = load(sleep_step +
                     "  expect: { bandwidth_mbps: \">= 40\", lost_percent: \"<1\" }\n"
                     "  on_failure: continue\n"
                     "- name: b\n"
                     "  component: sleep\n"
                     "  settings: {seconds: 0}\n");
  ASSERT_TRUE(result.pipeline) << render_all(result.diagnostics, result.source, false);
  const auto& steps = result.pipeline->steps;
  ASSERT_EQ(steps[0].expectations.size(), 2u);
  EXPECT_EQ(steps[0].expectations[0].metric, "bandwidth");
  EXPECT_EQ(steps[0].expectations[0].unit, "Mbit/s");
  EXPECT_EQ(steps[0].expectations[0].comparison, Comparison::at_least);
  EXPECT_EQ(steps[0].expectations[0].limit, 40);
  EXPECT_EQ(steps[0].expectations[1].metric, "lost_percent");
  EXPECT_EQ(steps[0].expectations[1].comparison, Comparison::less_than);
  EXPECT_TRUE(steps[0].continue_on_failure);
  // By default a step has no expectations and a failure stops the run.
  EXPECT_TRUE(steps[1].expectations.empty());
  EXPECT_FALSE(steps[1].continue_on_failure);
}

TEST_F(PipelineTest, OnFailureStopIsTheDefaultSpelledOut) {
  auto result = load(sleep_step + "  on_failure: stop\n");
  ASSERT_TRUE(result.pipeline) << render_all(result.diagnostics, result.source, false);
  EXPECT_FALSE(result.pipeline->steps[0].continue_on_failure);
}

TEST_F(PipelineTest, EveryBadExpectationIsReportedAtItsValue) {
  auto result = load(sleep_step +
                     "  expect:\n"
                     "    slept: \"=> 1\"\n"
                     "    x_mbps: \">= y\"\n"
                     "    y: {a: 1}\n"
                     "    z: 40\n"
                     "  on_failure: maybe\n");
  EXPECT_FALSE(result.pipeline);
  EXPECT_THAT(
      found(result),
      ElementsAre(
          At(5, 12, "expect 'slept': expected a comparison and a number such as \">= 40\", got \"=> 1\""),
          At(6, 13, "expect 'x_mbps': expected number, got \"y\""),
          At(7, 8, "expect 'y': expected text, got a mapping"),
          At(8, 8, "expect 'z': expected a comparison and a number"),
          At(9, 15, "on_failure: expected one of stop, continue; got \"maybe\"")));
}

TEST_F(PipelineTest, ExpectMustBeAMapping) {
  EXPECT_THAT(only_error(sleep_step + "  expect: \">= 40\"\n"),
              At(4, 11, "expect: expected a mapping of metrics to comparisons"));
  EXPECT_THAT(only_error(sleep_step + "  expect: [slept]\n"), At(4, 11, "got a sequence"));
}

TEST_F(PipelineTest, MisspelledStepKeysSuggestTheNewOnes) {
  EXPECT_THAT(only_error(sleep_step + "  expct: {}\n"),
              At(4, 3, "unknown key 'expct' in a step; did you mean 'expect'?"));
  EXPECT_THAT(only_error(sleep_step + "  on_falure: stop\n"),
              At(4, 3, "unknown key 'on_falure' in a step; did you mean 'on_failure'?"));
}

}  // namespace
}  // namespace tuna::host
