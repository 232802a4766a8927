// From one direction's run to its tuna::Measurement: which side's output gives which
// figure, the metrics, and the details that say where each came from.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <tuna/result.hpp>
#include <vector>

#include "component/iperf_run.hpp"
#include "parse/aggregate.hpp"
#include "parse/report.hpp"

namespace tuna::iperf {

// The figures of one direction, each from the side that knows it best.
struct Figures {
  Summary summary;                  // its sources say "client: ..." or "server: ..."
  std::vector<Interval> intervals;  // the series the bandwidth metric reduces
  Side interval_side = Side::client;
};

// iperf3's client JSON carries both ends' summaries. iperf2's client knows only what it
// sent: the receiving server's report gives the goodput and UDP's jitter and loss
// (unless reversed, when the client is the receiver). With either tool the interval
// series is the receiver's.
Figures choose_figures(const Report& client, const std::optional<Report>& server, bool reverse);

struct DirectionRecord {
  Direction direction;
  Tool tool;
  Protocol protocol;
  std::string aggregator;  // as the settings name it
  bool reverse = false;
  nlohmann::ordered_json versions;  // host name -> version
  std::vector<Attempt> attempts;    // the last one counts; earlier ones were retried
  std::vector<std::filesystem::path> artifacts;
};

Aggregator aggregator_from_name(const std::string& name);

// Parses the last attempt's outputs. Status error, with iperf's message and no metrics,
// when the run failed or the output shows no result.
tuna::Measurement make_measurement(const DirectionRecord& record);

}  // namespace tuna::iperf
