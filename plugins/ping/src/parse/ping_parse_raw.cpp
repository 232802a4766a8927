#include "parse/ping_parse_raw.hpp"

#include <algorithm>

#include "parse/reachability.hpp"

namespace tuna::ping {

namespace {

long answered(const PingOutput& output) {
  if (output.summary) return output.summary->received;
  // Stopped before its statistics: the reply lines are all there is.
  return std::ranges::count(output.replies, false, &Reply::duplicate);
}

}  // namespace

nlohmann::ordered_json to_json(const PingOutput& output) {
  const auto& summary = output.summary;
  const auto field = [&summary](auto member) {
    return summary ? nlohmann::ordered_json((*summary).*member) : nlohmann::ordered_json();
  };
  nlohmann::ordered_json rtt;
  if (output.round_trip) {
    const auto& r = *output.round_trip;
    rtt = {{"min_ms", r.min_ms}, {"avg_ms", r.avg_ms}, {"max_ms", r.max_ms}, {"mdev_ms", r.mdev_ms}};
  }
  return {
      {"tool", "ping"},
      {"target", output.target.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(output.target)},
      {"transmitted", field(&Summary::transmitted)},
      {"received", field(&Summary::received)},
      {"duplicates", field(&Summary::duplicates)},
      {"errors", field(&Summary::errors)},
      {"loss_percent", field(&Summary::loss_percent)},
      {"time_ms", field(&Summary::time_ms)},
      {"rtt", rtt},
      {"replies", output.replies.size()},
      {"longest_consecutive_replies", longest_run(output)},
      {"problems", output.problems}};
}

tuna::ParseOutcome parse_raw(const std::string& text, const std::string& hint) {
  if (!hint.empty() && hint != "ping") return {.message = "unknown tool '" + hint + "' (expected ping)"};
  PingOutput output;
  try {
    output = parse_ping_output(text);
  } catch (const NotPingOutput& error) {
    return {.message = error.what()};
  }
  tuna::ParseOutcome outcome{.verdict = tuna::ParseVerdict::good, .document = to_json(output)};
  if (answered(output) == 0) {
    outcome.verdict = tuna::ParseVerdict::failed_test;
    outcome.message = output.problems.empty() ? "no reply came back" : output.problems.back();
  }
  return outcome;
}

}  // namespace tuna::ping
