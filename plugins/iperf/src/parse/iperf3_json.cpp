// iperf3 -J output (3.x): the figures come from iperf3's own sums; `sources` names them.
#include <nlohmann/json.hpp>

#include <type_traits>

#include <tuna/support/utf8.hpp>

#include "parse/first_json.hpp"
#include "parse/formats.hpp"
#include "parse/parse.hpp"

namespace tuna::iperf {

namespace {

using nlohmann::json;

const json& member(const json& object, const std::string& key) {
  static const json absent;
  if (!object.is_object()) return absent;
  const auto found = object.find(key);
  return found == object.end() ? absent : *found;
}

template <typename T>
std::optional<T> figure(const json& object, const std::string& key) {
  const auto& value = member(object, key);
  if (!value.is_number()) return std::nullopt;
  // iperf3 prints its counts (bytes, packets, retransmits) as integers; a count written
  // as a real number is not iperf3's, and converting one out of range is undefined.
  if constexpr (std::is_integral_v<T>) {
    if (!value.is_number_integer()) return std::nullopt;
  }
  return value.get<T>();
}

// The sums of one direction: "" for the test's own, "_bidir_reverse" for --bidir's other.
class EndSums {
 public:
  EndSums(const json& end, std::string suffix) : end_(end), suffix_(std::move(suffix)) {}

  // The first of `names` (without suffix) that iperf3 printed, with its JSON path.
  std::pair<const json*, std::string> first_of(std::initializer_list<const char*> names) const {
    for (const char* name : names) {
      const auto key = name + suffix_;
      const auto& block = member(end_, key);
      if (block.is_object()) return {&block, "end." + key};
    }
    return {nullptr, {}};
  }

 private:
  const json& end_;
  std::string suffix_;
};

template <typename T>
void take(std::optional<T>& target, const std::pair<const json*, std::string>& block,
          const std::string& key, nlohmann::ordered_json& sources, const std::string& name) {
  if (!block.first) return;
  target = figure<T>(*block.first, key);
  if (target) sources[name] = block.second + "." + key;
}

Summary summarise(const EndSums& sums) {
  Summary summary;
  auto& sources = summary.sources;
  // The receiver's figure is the goodput; UDP's end.sum carries the receiver's loss and
  // jitter even where 3.12 also prints sum_sent and sum_received.
  const auto headline = sums.first_of({"sum_received", "sum"});
  const auto sent = sums.first_of({"sum_sent"});
  const auto received = sums.first_of({"sum_received"});
  const auto udp = sums.first_of({"sum", "sum_received"});
  // Without any receiver's sum (a test cut short), the sender's figure is all there is.
  const bool has_headline = headline.first && figure<double>(*headline.first, "bits_per_second");
  const auto& main = has_headline ? headline : sent;
  take(summary.bits_per_second, main, "bits_per_second", sources, "bits_per_second");
  take(summary.sender_bits_per_second, sent, "bits_per_second", sources, "sender_bits_per_second");
  take(summary.receiver_bits_per_second, received, "bits_per_second", sources,
       "receiver_bits_per_second");
  take(summary.bytes, main, "bytes", sources, "bytes");
  take(summary.seconds, main, "seconds", sources, "seconds");
  take(summary.jitter_ms, udp, "jitter_ms", sources, "jitter_ms");
  take(summary.lost_packets, udp, "lost_packets", sources, "lost_packets");
  take(summary.total_packets, udp, "packets", sources, "total_packets");
  take(summary.lost_percent, udp, "lost_percent", sources, "lost_percent");
  take(summary.retransmits, sent, "retransmits", sources, "retransmits");
  return summary;
}

StreamSample stream_sample(const json& stream) {
  return StreamSample{
      .id = figure<long>(stream, "socket").value_or(0),
      .start = figure<double>(stream, "start").value_or(0),
      .end = figure<double>(stream, "end").value_or(0),
      .bytes = figure<double>(stream, "bytes"),
      .bits_per_second = figure<double>(stream, "bits_per_second").value_or(0),
      .jitter_ms = figure<double>(stream, "jitter_ms"),
      .lost_packets = figure<long>(stream, "lost_packets"),
      .total_packets = figure<long>(stream, "packets"),
      .lost_percent = figure<double>(stream, "lost_percent"),
      .retransmits = figure<long>(stream, "retransmits"),
  };
}

// With --bidir each interval lists both directions' streams; a stream belongs to the
// sum whose "sender" flag it shares (these per-interval flags are reliable in 3.12,
// unlike those of the end sums).
std::vector<Interval> intervals_of(const json& document, const std::string& sum_key, bool bidir) {
  std::vector<Interval> intervals;
  const auto& list = member(document, "intervals");
  if (!list.is_array()) return intervals;
  intervals.reserve(list.size());
  for (const auto& entry : list) {
    const auto& sum = member(entry, sum_key);
    if (!sum.is_object()) continue;
    Interval interval{.start = figure<double>(sum, "start").value_or(0),
                      .end = figure<double>(sum, "end").value_or(0),
                      .bits_per_second = figure<double>(sum, "bits_per_second").value_or(0)};
    const auto& streams = member(entry, "streams");
    if (streams.is_array()) {
      for (const auto& stream : streams) {
        if (bidir && member(stream, "sender") != member(sum, "sender")) continue;
        interval.streams.push_back(stream_sample(stream));
      }
    }
    intervals.push_back(std::move(interval));
  }
  return intervals;
}

}  // namespace

Report parse_iperf3_json(const Lines& lines) {
  json document;
  try {
    document = json::parse(first_json_object(lines));
  } catch (const json::exception& error) {
    // The parser quotes the bytes it stopped at, whatever they are.
    throw NotIperfOutput("not valid iperf3 JSON: " + support::valid_utf8(error.what()));
  }
  if (!document.is_object() ||
      !(document.contains("start") || document.contains("end") || document.contains("error"))) {
    throw NotIperfOutput("JSON without iperf3's start, end or error keys");
  }
  Report report{.tool = Tool::iperf3};
  if (const auto& error = member(document, "error"); error.is_string()) {
    report.error = error.get<std::string>();
  }
  const auto& protocol = member(member(member(document, "start"), "test_start"), "protocol");
  if (protocol == "UDP") report.protocol = Protocol::udp;
  if (protocol == "TCP") report.protocol = Protocol::tcp;
  const auto& end = member(document, "end");
  report.summary = summarise(EndSums(end, ""));
  const bool bidir = member(end, "sum_sent_bidir_reverse").is_object() ||
                     member(end, "sum_received_bidir_reverse").is_object();
  report.intervals = intervals_of(document, "sum", bidir);
  if (bidir) {
    report.reverse = ReverseDirection{summarise(EndSums(end, "_bidir_reverse")),
                                      intervals_of(document, "sum_bidir_reverse", true)};
  }
  return report;
}

}  // namespace tuna::iperf
