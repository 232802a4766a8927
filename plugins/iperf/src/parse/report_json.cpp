#include "parse/report_json.hpp"

namespace tuna::iperf {

namespace {

using nlohmann::ordered_json;

template <typename T>
ordered_json or_null(const std::optional<T>& value) {
  return value ? ordered_json(*value) : ordered_json(nullptr);
}

ordered_json summary_json(const Summary& summary) {
  return {{"bits_per_second", or_null(summary.bits_per_second)},
          {"sender_bits_per_second", or_null(summary.sender_bits_per_second)},
          {"receiver_bits_per_second", or_null(summary.receiver_bits_per_second)},
          {"bytes", or_null(summary.bytes)},
          {"seconds", or_null(summary.seconds)},
          {"jitter_ms", or_null(summary.jitter_ms)},
          {"lost_packets", or_null(summary.lost_packets)},
          {"total_packets", or_null(summary.total_packets)},
          {"lost_percent", or_null(summary.lost_percent)},
          {"retransmits", or_null(summary.retransmits)},
          {"sources", summary.sources}};
}

ordered_json stream_json(const StreamSample& stream) {
  return {{"id", stream.id},
          {"start", stream.start},
          {"end", stream.end},
          {"bytes", or_null(stream.bytes)},
          {"bits_per_second", stream.bits_per_second},
          {"jitter_ms", or_null(stream.jitter_ms)},
          {"lost_packets", or_null(stream.lost_packets)},
          {"total_packets", or_null(stream.total_packets)},
          {"lost_percent", or_null(stream.lost_percent)},
          {"retransmits", or_null(stream.retransmits)}};
}

ordered_json intervals_json(const std::vector<Interval>& intervals) {
  auto list = ordered_json::array();
  for (const auto& interval : intervals) {
    auto streams = ordered_json::array();
    for (const auto& stream : interval.streams) streams.push_back(stream_json(stream));
    list.push_back({{"start", interval.start},
                    {"end", interval.end},
                    {"bits_per_second", interval.bits_per_second},
                    {"streams", std::move(streams)}});
  }
  return list;
}

}  // namespace

ordered_json to_json(const Report& report) {
  ordered_json document;
  document["tool"] = tool_name(report.tool);
  document["protocol"] = report.protocol ? ordered_json(protocol_name(*report.protocol)) : nullptr;
  document["error"] = or_null(report.error);
  document["summary"] = summary_json(report.summary);
  document["intervals"] = intervals_json(report.intervals);
  document["reverse"] = report.reverse
                            ? ordered_json{{"summary", summary_json(report.reverse->summary)},
                                           {"intervals", intervals_json(report.reverse->intervals)}}
                            : ordered_json(nullptr);
  return document;
}

}  // namespace tuna::iperf
