#include "parse/rows.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <map>
#include <unordered_map>

#include <tuna/support/utf8.hpp>

namespace tuna::iperf {

namespace {

// Interval starts are printed with 1 to 4 decimals; a millisecond key groups a
// stream line with the [SUM] line of the same interval even when their ends differ
// ("[SUM] 1.5000-2.0064" closes the streams' "1.5000-2.0000").
long long start_key(double start) { return std::llround(start * 1000); }

Interval streams_interval(std::vector<StreamSample> streams) {
  Interval interval{.start = streams.front().start};
  for (const auto& stream : streams) {
    interval.end = std::max(interval.end, stream.end);
    interval.bits_per_second += stream.bits_per_second;
  }
  interval.streams = std::move(streams);
  return interval;
}

// The stream lines a [SUM] line adds up: iperf prints it after them, so they are among
// the lines not yet claimed, those of the same start. Where the starts disagree (an
// iperf 2.1.8 server that times a later session's sums from its first), the oldest.
std::vector<StreamSample> claim_streams(std::vector<const Row*>& pending, const Row& sum) {
  if (pending.empty()) return {};
  auto key = start_key(sum.sample.start);
  const bool any_same = std::any_of(pending.begin(), pending.end(),
                                    [&](const Row* row) { return start_key(row->sample.start) == key; });
  if (!any_same) {
    key = start_key((*std::min_element(pending.begin(), pending.end(), [](auto* a, auto* b) {
                      return a->sample.start < b->sample.start;
                    }))->sample.start);
  }
  std::vector<StreamSample> claimed;
  std::erase_if(pending, [&](const Row* row) {
    if (start_key(row->sample.start) != key) return false;
    claimed.push_back(row->sample);
    return true;
  });
  return claimed;
}

// iperf's [SUM] lines where it printed them (iperf2 omits them once only one stream is
// left, and in -y C), else the streams' lines of one start added up.
std::vector<Interval> build_intervals(const std::vector<const Row*>& rows) {
  std::vector<Interval> intervals;
  std::vector<const Row*> pending;
  for (const Row* row : rows) {
    if (!row->is_sum) {
      pending.push_back(row);
      continue;
    }
    auto streams = claim_streams(pending, *row);
    Interval interval{
        .start = row->sample.start, .end = row->sample.end, .bits_per_second = row->sample.bits_per_second};
    if (!streams.empty() && start_key(streams.front().start) != start_key(interval.start)) {
      const auto span = streams_interval(streams);
      interval.start = span.start;
      interval.end = span.end;
    }
    interval.streams = std::move(streams);
    intervals.push_back(std::move(interval));
  }
  std::map<long long, std::vector<StreamSample>> unsummed;
  for (const Row* row : pending) unsummed[start_key(row->sample.start)].push_back(row->sample);
  for (auto& [key, streams] : unsummed) intervals.push_back(streams_interval(std::move(streams)));
  std::stable_sort(intervals.begin(), intervals.end(),
                   [](const Interval& a, const Interval& b) { return a.start < b.start; });
  return intervals;
}

template <typename T>
std::optional<T> add(const std::optional<T>& total, const std::optional<T>& value) {
  if (!total || !value) return std::nullopt;
  return *total + *value;
}

// One figure for one side: iperf's [SUM] line when it printed one, else the streams'
// last final lines added up (iperf2 -y C prints no sum rows; a lone stream is its own sum).
struct SideFigures {
  StreamSample sample;
  std::string source;
};

std::optional<SideFigures> side_figures(const std::vector<const Row*>& finals, Side side) {
  const Row* sum = nullptr;
  std::vector<const Row*> streams;
  for (const Row* row : finals) {
    if (row->side != side) continue;
    if (row->is_sum) {
      sum = row;
      continue;
    }
    const auto same = std::find_if(streams.begin(), streams.end(),
                                   [&](const Row* seen) { return seen->label == row->label; });
    if (same == streams.end()) {
      streams.push_back(row);
    } else {
      *same = row;
    }
  }
  if (sum) return SideFigures{sum->sample, "final [SUM] line"};
  if (streams.empty()) return std::nullopt;
  if (streams.size() == 1) {
    return SideFigures{streams.front()->sample,
                       // The label is the output's text, whatever its bytes.
                       fmt::format("final line of stream {}", support::valid_utf8(streams.front()->label))};
  }
  StreamSample total = streams.front()->sample;
  double jitter_total = total.jitter_ms.value_or(0);
  for (auto it = streams.begin() + 1; it != streams.end(); ++it) {
    const auto& sample = (*it)->sample;
    total.start = std::min(total.start, sample.start);
    total.end = std::max(total.end, sample.end);
    total.bits_per_second += sample.bits_per_second;
    total.bytes = add(total.bytes, sample.bytes);
    total.lost_packets = add(total.lost_packets, sample.lost_packets);
    total.total_packets = add(total.total_packets, sample.total_packets);
    total.retransmits = add(total.retransmits, sample.retransmits);
    jitter_total += sample.jitter_ms.value_or(0);
  }
  // Jitter does not add up across streams; iperf3 reports their mean, and so do we.
  if (total.jitter_ms) total.jitter_ms = jitter_total / static_cast<double>(streams.size());
  total.lost_percent.reset();
  if (total.lost_packets && total.total_packets && *total.total_packets > 0) {
    total.lost_percent =
        100.0 * static_cast<double>(*total.lost_packets) / static_cast<double>(*total.total_packets);
  }
  return SideFigures{total, fmt::format("sum of {} streams' final lines", streams.size())};
}

const char* side_name(Side side) {
  switch (side) {
    case Side::sender:
      return "sender";
    case Side::receiver:
      return "receiver";
    case Side::unknown:
      break;
  }
  return "final";
}

Summary build_summary(const std::vector<const Row*>& finals) {
  Summary summary;
  const auto receiver = side_figures(finals, Side::receiver);
  const auto sender = side_figures(finals, Side::sender);
  const auto unknown = side_figures(finals, Side::unknown);
  auto& sources = summary.sources;
  const auto describe = [](Side side, const SideFigures& figures) {
    return fmt::format("{}: {}", side_name(side), figures.source);
  };
  if (receiver) {
    summary.receiver_bits_per_second = receiver->sample.bits_per_second;
    sources["receiver_bits_per_second"] = describe(Side::receiver, *receiver);
  }
  if (sender) {
    summary.sender_bits_per_second = sender->sample.bits_per_second;
    sources["sender_bits_per_second"] = describe(Side::sender, *sender);
  }
  const auto headline_side = receiver ? Side::receiver : unknown ? Side::unknown : Side::sender;
  const auto& headline = receiver ? receiver : unknown ? unknown : sender;
  if (!headline) return summary;
  const auto& main = headline->sample;
  const auto main_source = describe(headline_side, *headline);
  summary.bits_per_second = main.bits_per_second;
  summary.bytes = main.bytes;
  summary.seconds = main.end - main.start;
  for (const char* name : {"bits_per_second", "bytes", "seconds"}) sources[name] = main_source;
  // Each UDP figure the line gives (iperf2's [SUM] lines give the counts but no jitter).
  const auto take = [&](auto& field, const auto& value, const char* name) {
    if (!value) return;
    field = value;
    sources[name] = main_source;
  };
  take(summary.jitter_ms, main.jitter_ms, "jitter_ms");
  take(summary.lost_packets, main.lost_packets, "lost_packets");
  take(summary.total_packets, main.total_packets, "total_packets");
  take(summary.lost_percent, main.lost_percent, "lost_percent");
  const auto& retransmits_from = sender ? sender : headline;
  if (retransmits_from->sample.retransmits) {
    summary.retransmits = retransmits_from->sample.retransmits;
    sources["retransmits"] = describe(sender ? Side::sender : headline_side, *retransmits_from);
  }
  return summary;
}

struct Direction {
  std::vector<const Row*> intervals;
  std::vector<const Row*> finals;
};

}  // namespace

void mark_iperf2_final_rows(std::vector<Row>& rows) {
  std::unordered_map<std::string_view, std::size_t> count;
  for (const auto& row : rows) ++count[row.label];
  std::unordered_map<std::string_view, bool> seen;
  for (auto& row : rows) {
    bool& seen_before = seen[row.label];
    row.final = row.sample.start == 0 && (seen_before || count[row.label] == 1);
    seen_before = true;
  }
}

void assemble(const std::vector<Row>& rows, Report& report) {
  Direction forward;
  Direction reverse;
  for (const auto& row : rows) {
    auto& direction = row.reverse ? reverse : forward;
    (row.final ? direction.finals : direction.intervals).push_back(&row);
  }
  report.summary = build_summary(forward.finals);
  report.intervals = build_intervals(forward.intervals);
  if (!reverse.finals.empty() || !reverse.intervals.empty()) {
    report.reverse = ReverseDirection{build_summary(reverse.finals), build_intervals(reverse.intervals)};
  }
}

}  // namespace tuna::iperf
