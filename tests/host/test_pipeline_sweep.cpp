// A step's `sweep:` as the pipeline loads it: one step per combination of the values, each
// value validated where it is written, check_rep on every combination.
#include "pipeline_test_fixture.hpp"

namespace tuna::host {
namespace {

using namespace pipeline_testing;

const std::string traffic_hosts =
    "hosts:\n"
    "  dut: { address: localhost }\n"
    "  peer: { address: localhost }\n"
    "steps:\n";

TEST_F(PipelineTest, ASweepIsOneStepPerCombinationInTheOrderWritten) {
  auto result = load(traffic_hosts +
                     "  - name: t\n"
                     "    component: iperf\n"
                     "    settings: { server: peer, duration: 2 }\n"
                     "    sweep: { parallel: [1, 4, 8], direction: [up, Down] }\n"
                     "  - name: after\n"
                     "    component: sleep\n"
                     "    settings: { seconds: 0 }\n");
  ASSERT_TRUE(result.pipeline) << render_all(result.diagnostics, result.source, false);
  const auto& steps = result.pipeline->steps;
  ASSERT_EQ(steps.size(), 7u);
  std::vector<std::string> names;
  for (const auto& step : steps) names.push_back(step.name);
  EXPECT_THAT(names, ElementsAre("t[parallel=1,direction=up]", "t[parallel=1,direction=Down]",
                                 "t[parallel=4,direction=up]", "t[parallel=4,direction=Down]",
                                 "t[parallel=8,direction=up]", "t[parallel=8,direction=Down]", "after"));
  for (std::size_t i = 0; i < 6; ++i) {
    const auto& settings = steps[i].settings;
    // The written text, typed by the schema: "Down" is the enumeration's canonical "down".
    EXPECT_EQ(std::to_string(settings.integer("parallel")), steps[i].parameters[0].second);
    EXPECT_EQ(settings.string("direction"), i % 2 ? "down" : "up");
    EXPECT_EQ(settings.number("duration"), 2);  // the step's own settings stay
    EXPECT_EQ(settings.location("parallel").line, 8);
  }
  EXPECT_TRUE(steps[6].parameters.empty());
}

TEST_F(PipelineTest, ARequiredOptionMayComeFromTheSweep) {
  auto result = load(
      "- name: nap\n"
      "  component: sleep\n"
      "  sweep: { seconds: [0.1, 0.2] }\n");
  ASSERT_TRUE(result.pipeline) << render_all(result.diagnostics, result.source, false);
  ASSERT_EQ(result.pipeline->steps.size(), 2u);
  EXPECT_EQ(result.pipeline->steps[1].settings.number("seconds"), 0.2);
}

TEST_F(PipelineTest, EverySweepMistakeIsReportedWhereItIsWritten) {
  auto result = load(traffic_hosts +
                     "  - name: t\n"
                     "    component: iperf\n"
                     "    settings: { server: peer }\n"
                     "    sweep:\n"
                     "      paralel: [1]\n"
                     "      port: [5201, 99999, x]\n"
                     "      duration: 3\n"
                     "      udp: [1]\n");
  EXPECT_FALSE(result.pipeline);
  EXPECT_THAT(found(result),
              ElementsAre(At(9, 7, "sweep: unknown option 'paralel'; did you mean 'parallel'?"),
                          At(10, 20, "99999 is out of range"), At(10, 27, "expected integer, got \"x\""),
                          At(11, 17, "sweep: 'duration' needs a list of values"),
                          At(12, 7, "sweep: 'udp' is a group of options")));
}

TEST_F(PipelineTest, CheckRepJudgesEveryCombinationAndReportsEachProblemOnce) {
  auto result = load(traffic_hosts +
                     "  - name: t\n"
                     "    component: iperf\n"
                     "    settings: { server: dut, duration: 0.5 }\n"
                     "    sweep: { parallel: [1, 16], protocol: [tcp, udp] }\n");
  EXPECT_FALSE(result.pipeline);
  // client (default dut) == server in all four combinations: reported once as it is; many
  // streams with a short test only where parallel is 16: once, naming those combinations.
  EXPECT_THAT(found(result), ElementsAre(At(7, 15,
                                            "many streams need a duration of a second or more (in "
                                            "t[parallel=16,protocol=tcp], t[parallel=16,protocol=udp])"),
                                         At(7, 25, "client and server must be different hosts")));
  EXPECT_THAT(found(result)[1].message, testing::Not(HasSubstr("(in ")));
}

}  // namespace
}  // namespace tuna::host
