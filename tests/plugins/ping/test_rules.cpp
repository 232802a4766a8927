// The ping component's cross-option rules: each problem on the option it concerns, and,
// through the tuna binary, at the line and column where that option is written.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "component/ping_spec.hpp"
#include "fake_run_context.hpp"
#include "run_tuna.hpp"

namespace {

using testing::HasSubstr;
using Paths = std::vector<std::string>;

Paths problem_paths(const std::string& yaml) {
  const auto settings = tuna::test::validated_settings(tuna::ping::component_spec(), "to: peer\n" + yaml);
  Paths paths;
  for (const auto& problem : tuna::ping::check_rep(settings)) paths.push_back(problem.path);
  return paths;
}

TEST(PingRules, SensibleSettingsHaveNoProblem) {
  EXPECT_EQ(problem_paths(""), Paths{});
  EXPECT_EQ(problem_paths("count: 5\ndeadline: 10\ninterval: 0.5\n"), Paths{});
  EXPECT_EQ(problem_paths("deadline: 3\n"), Paths{});
  EXPECT_EQ(problem_paths("mode: until_reachable\nreplies: 5\ntime_limit: 30\ninterval: 0.002\n"), Paths{});
}

TEST(PingRules, EachModeRefusesTheOthersOptions) {
  EXPECT_EQ(problem_paths("mode: until_reachable\ncount: 5\ndeadline: 10\n"), (Paths{"count", "deadline"}));
  EXPECT_EQ(problem_paths("replies: 2\ntime_limit: 10\n"), (Paths{"replies", "time_limit"}));
}

TEST(PingRules, IntervalsBelowWhatAUserMayAskAreRefused) {
  EXPECT_EQ(problem_paths("interval: 0.001\n"), Paths{"interval"});
  EXPECT_EQ(problem_paths("interval: 0\n"), Paths{"interval"});
  EXPECT_EQ(problem_paths("interval: 2ms\n"), Paths{});
}

TEST(PingRules, PingsDeadlineIsWholeSeconds) {
  EXPECT_EQ(problem_paths("deadline: 2.5\n"), Paths{"deadline"});
  EXPECT_EQ(problem_paths("mode: until_reachable\ntime_limit: 1.5\ninterval: 0.2\n"), Paths{"time_limit"});
}

TEST(PingRules, LimitsTooShortForWhatIsAskedAreRefused) {
  // 10 replies 1 s apart need 9 s: a limit of 9 s or less can never be met.
  EXPECT_EQ(problem_paths("mode: until_reachable\nreplies: 10\ntime_limit: 9\n"), Paths{"time_limit"});
  EXPECT_EQ(problem_paths("mode: until_reachable\nreplies: 10\ntime_limit: 10\n"), Paths{});
  EXPECT_EQ(problem_paths("count: 10\ndeadline: 9\n"), Paths{"deadline"});
  EXPECT_EQ(problem_paths("count: 10\ndeadline: 10\n"), Paths{});
}

// Where `value` is written on 1-based line `line` of `text`, as tuna prints it.
std::string place(const std::string& text, int line, const std::string& value) {
  std::size_t start = 0;
  for (int i = 1; i < line; ++i) start = text.find('\n', start) + 1;
  const auto column = text.find(value, start) - start + 1;
  return "ping.yaml:" + std::to_string(line) + ":" + std::to_string(column) + ": error: ";
}

// Through the tuna binary, as a user meets them: file:line:column and the message.
TEST(PingRules, TunaCheckPointsAtTheOffendingOption) {
  tuna::test::TempDir dir;
  const std::string text =
      "name: rules\n"
      "hosts:\n"
      "  dut: { address: localhost, test_address: 127.0.0.1 }\n"
      "steps:\n"
      "  - name: wait\n"
      "    component: ping\n"
      "    settings:\n"
      "      to: dut\n"
      "      mode: until_reachable\n"
      "      count: 4\n"
      "      interval: 0.001\n"
      "  - name: latency\n"
      "    component: ping\n"
      "    settings: { to: dut, deadline: 1.5 }\n"
      "  - name: big\n"
      "    component: ping\n"
      "    settings: { to: dut, size: 70000 }\n";
  const auto file = dir.write("ping.yaml", text);
  const auto result = tuna::test::run_tuna("check " + file.string());
  EXPECT_EQ(result.status, 2) << result.err;
  EXPECT_THAT(result.err, HasSubstr(place(text, 10, "4") + "'count' applies to mode statistics"));
  EXPECT_THAT(result.err, HasSubstr(place(text, 11, "0.001") + "interval 0.001 s is below 2 ms"));
  EXPECT_THAT(result.err, HasSubstr(place(text, 14, "1.5") + "ping -w takes whole seconds"));
  EXPECT_THAT(result.err, HasSubstr(place(text, 17, "70000") + "option 'size'"));
}

}  // namespace
