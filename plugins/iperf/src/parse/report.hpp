// What the iperf parsers make of one side's raw output, whatever tool and format
// printed it. Figures are in plain units: seconds, bytes, bits per second.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace tuna::iperf {

enum class Tool { iperf2, iperf3 };
enum class Protocol { tcp, udp };

const char* tool_name(Tool tool);
const char* protocol_name(Protocol protocol);

// One stream's figures over one interval.
struct StreamSample {
  long id = 0;
  double start = 0;
  double end = 0;
  std::optional<double> bytes;
  double bits_per_second = 0;
  std::optional<double> jitter_ms;
  std::optional<long> lost_packets;
  std::optional<long> total_packets;
  std::optional<double> lost_percent;
  std::optional<long> retransmits;
};

// All streams over one interval; bits_per_second is their sum (iperf's [SUM] line when it
// printed one, else the sum of the streams).
struct Interval {
  double start = 0;
  double end = 0;
  double bits_per_second = 0;
  std::vector<StreamSample> streams;
};

// iperf's own end-of-test figures. Every figure is optional: null where the output does
// not say. `sources` names the field each figure came from, e.g.
// {"bits_per_second": "end.sum_received.bits_per_second"}.
struct Summary {
  std::optional<double> bits_per_second;  // the headline: receiver's where known
  std::optional<double> sender_bits_per_second;
  std::optional<double> receiver_bits_per_second;
  std::optional<double> bytes;
  std::optional<double> seconds;
  std::optional<double> jitter_ms;
  std::optional<long> lost_packets;
  std::optional<long> total_packets;
  std::optional<double> lost_percent;
  std::optional<long> retransmits;
  nlohmann::ordered_json sources = nlohmann::ordered_json::object();
};

// The second direction of a bidirectional test (iperf3 --bidir, iperf2 --full-duplex),
// kept apart so that the headline stays one direction: client to server.
struct ReverseDirection {
  Summary summary;
  std::vector<Interval> intervals;
};

struct Report {
  Tool tool = Tool::iperf3;
  std::optional<Protocol> protocol;
  std::optional<std::string> error;  // iperf's own message when the test failed
  Summary summary;
  std::vector<Interval> intervals;
  std::optional<ReverseDirection> reverse;  // only for bidirectional tests
};

}  // namespace tuna::iperf
