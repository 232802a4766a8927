// One transfer line of iperf2 or iperf3 human-readable output, e.g.
//   "[  5]   0.00-0.50   sec   671 MBytes  11.2 Gbits/sec    1    767 KBytes"
//   "[  3]  0.0- 1.0 sec  1.00 MBytes  8.39 Mbits/sec"          (iperf 2.0.x)
//   "[  5][RX-S]   0.00-1.00   sec   428 MBytes  3.59 Gbits/sec"  (iperf3 --bidir)
#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace tuna::iperf {

struct TextRow {
  std::string_view label;  // inside the first brackets, trimmed: "5", "*1", "SUM", "100"
  std::string_view role;   // iperf3 --bidir role ("TX-C", "RX-S"...), empty when none
  double start = 0;
  double end = 0;
  double bytes = 0;
  double bits_per_second = 0;
  std::vector<std::string_view> tail;  // the whitespace-separated tokens after the rate
};

std::optional<TextRow> parse_text_row(std::string_view line);

std::vector<std::string_view> split_words(std::string_view text);

// The receiver's UDP figures in a row's tail: "<jitter> ms <lost>/<total> (<percent>%)"
// wherever they are (both tools print them after the rate; iperf2 -e adds more after).
// iperf2's [SUM] rows of parallel streams have no jitter: "<lost>/<total> (<percent>%)",
// or with -e "<lost>/<total> <rate> pps", right after the rate.
struct UdpFigures {
  std::optional<double> jitter_ms;
  std::optional<long> lost_packets;
  std::optional<long> total_packets;
  std::optional<double> lost_percent;
};
std::optional<UdpFigures> find_udp_figures(const std::vector<std::string_view>& tail);

}  // namespace tuna::iperf
