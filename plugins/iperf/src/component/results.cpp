#include "component/results.hpp"

#include <fmt/format.h>

#include "parse/parse.hpp"
#include "parse/report_json.hpp"

namespace tuna::iperf {

namespace {

using json = nlohmann::ordered_json;

std::string source_text(const json& source) {
  return source.is_string() ? source.get<std::string>() : source.dump();
}

json sources_of(const Summary& summary, Side side) {
  json sources = json::object();
  for (const auto& [figure, source] : summary.sources.items())
    sources[figure] = fmt::format("{}: {}", side_name(side), source_text(source));
  return sources;
}

// Takes `figure` from the receiving server's summary when it has one.
template <class T>
void take(std::optional<T>& into, const std::optional<T>& from, const char* figure, const Summary& server,
          json& sources) {
  if (!from) return;
  into = from;
  sources[figure] = fmt::format("server: {}", source_text(server.sources.value(figure, json(figure))));
}

json side_details(const SideRun& side) {
  json details{{"host", side.host}, {"command", side.command}, {"pid", side.pid}};
  if (side.status) details["exit"] = {{"code", side.status->code}, {"signal", side.status->signal}};
  return details;
}

tuna::Measurement failed(tuna::Measurement measurement, std::string message) {
  measurement.status = tuna::Status::error;
  measurement.message = std::move(message);
  return measurement;
}

void add_metric(tuna::Measurement& measurement, const char* name, const auto& value, const char* unit) {
  if (value) measurement.metrics.push_back({name, static_cast<double>(*value), unit});
}

json base_details(const DirectionRecord& record) {
  const auto& last = record.attempts.back();
  json details{{"tool", tool_name(record.tool)},
               {"versions", record.versions},
               {"protocol", protocol_name(record.protocol)},
               {"aggregator", record.aggregator},
               {"port", last.port},
               {"client", side_details(last.client)},
               {"server", side_details(last.server)}};
  json pids = json::array();
  json retried = json::array();
  for (const auto& attempt : record.attempts) {
    for (const auto* side : {&attempt.client, &attempt.server})
      if (side->pid > 0) pids.push_back(side->pid);
    if (&attempt != &last)
      retried.push_back({{"port", attempt.port},
                         {"failure", attempt.failure},
                         {"client", side_details(attempt.client)},
                         {"server", side_details(attempt.server)}});
  }
  details["pids"] = std::move(pids);
  if (!retried.empty()) details["retried"] = std::move(retried);
  return details;
}

}  // namespace

Figures choose_figures(const Report& client, const std::optional<Report>& server, bool reverse) {
  Figures figures{client.summary, client.intervals, Side::client};
  figures.summary.sources = sources_of(client.summary, Side::client);
  // iperf3's JSON intervals are the client's, the sender's unless reversed: the series
  // comes from the receiving server's own lines, like iperf2's. (A sender's first seconds
  // fill socket buffers faster than the path carries.) Its summary already is the receiver's.
  if (client.tool == Tool::iperf3 && !reverse && !client.reverse && server && !server->intervals.empty()) {
    figures.intervals = server->intervals;
    figures.interval_side = Side::server;
    return figures;
  }
  const bool server_receives =
      client.tool == Tool::iperf2 && !reverse && server && server->summary.bits_per_second;
  if (!server_receives) return figures;
  auto& summary = figures.summary;
  auto& sources = summary.sources;
  const auto& received = server->summary;
  if (!summary.sender_bits_per_second && summary.bits_per_second) {
    summary.sender_bits_per_second = summary.bits_per_second;
    sources["sender_bits_per_second"] = sources.value("bits_per_second", json("client"));
  }
  take(summary.bits_per_second, received.bits_per_second, "bits_per_second", received, sources);
  summary.receiver_bits_per_second = summary.bits_per_second;
  sources["receiver_bits_per_second"] = sources["bits_per_second"];
  take(summary.jitter_ms, received.jitter_ms, "jitter_ms", received, sources);
  take(summary.lost_packets, received.lost_packets, "lost_packets", received, sources);
  take(summary.total_packets, received.total_packets, "total_packets", received, sources);
  take(summary.lost_percent, received.lost_percent, "lost_percent", received, sources);
  if (!server->intervals.empty()) {
    figures.intervals = server->intervals;
    figures.interval_side = Side::server;
  }
  return figures;
}

Aggregator aggregator_from_name(const std::string& name) {
  if (name == "mean") return Aggregator::mean;
  if (name == "min") return Aggregator::min;
  if (name == "max") return Aggregator::max;
  if (name == "sum") return Aggregator::sum;
  return Aggregator::median;
}

tuna::Measurement make_measurement(const DirectionRecord& record) {
  tuna::Measurement measurement;
  measurement.label = direction_name(record.direction);
  measurement.artifacts = record.artifacts;
  measurement.details = base_details(record);
  const auto& last = record.attempts.back();
  if (!last.failure.empty()) return failed(std::move(measurement), last.failure);

  Report client;
  try {
    client = parse_output(last.client.output->text(), record.tool);
  } catch (const NotIperfOutput& e) {
    return failed(std::move(measurement), fmt::format("the iperf client printed no iperf output ({}): {}",
                                                      e.what(), last.client.output->last_line()));
  }
  if (client.error) return failed(std::move(measurement), fmt::format("iperf: {}", *client.error));
  std::optional<Report> server;
  try {
    server = parse_output(last.server.output->text(), record.tool);
  } catch (const NotIperfOutput&) {
    // The server's output is a second source only: the client's report stands alone.
  }
  const auto figures = choose_figures(client, server, record.reverse);
  const auto& summary = figures.summary;
  if (!summary.bits_per_second)
    return failed(std::move(measurement),
                  fmt::format("iperf printed no end-of-test figure: {}", last.client.output->last_line()));

  const auto rates = headline_rates(figures.intervals);
  add_metric(measurement, "bandwidth", aggregate(rates, aggregator_from_name(record.aggregator)), "bits/s");
  add_metric(measurement, "summary_bandwidth", summary.bits_per_second, "bits/s");
  add_metric(measurement, "sender_bandwidth", summary.sender_bits_per_second, "bits/s");
  add_metric(measurement, "receiver_bandwidth", summary.receiver_bits_per_second, "bits/s");
  if (record.protocol == Protocol::udp) {
    add_metric(measurement, "jitter", summary.jitter_ms, "ms");
    add_metric(measurement, "lost_percent", summary.lost_percent, "%");
    add_metric(measurement, "lost_packets", summary.lost_packets, "packets");
    add_metric(measurement, "total_packets", summary.total_packets, "packets");
  } else {
    add_metric(measurement, "retransmits", summary.retransmits, "packets");
  }
  Report series_report{record.tool, record.protocol, std::nullopt, summary, figures.intervals, std::nullopt};
  auto& details = measurement.details;
  details["summary_sources"] = summary.sources;
  details["interval_side"] = side_name(figures.interval_side);
  details["intervals"] = to_json(series_report).value("intervals", json::array());
  details["intervals_in_bandwidth"] = rates.size();
  return measurement;
}

}  // namespace tuna::iperf
