// The iperf parsers' throughput on the largest output a run plausibly makes: one hour at
// -i 0.1 with -P 8 (36000 intervals of 8 streams), as iperf2 text with [SUM] lines,
// iperf2 -y C, and iperf3 -J. Generated in memory; prints MB/s per format.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "parse/parse.hpp"

namespace {

constexpr int streams = 8;
constexpr int intervals = 36000;
constexpr double step = 0.1;
constexpr int repeats = 3;

// Deterministic figures around 1 Gbit/s per stream, so every run parses the same text.
class Figures {
 public:
  std::uint64_t bytes() {
    state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL;
    return 10'000'000 + (state_ >> 40) % 5'000'000;
  }

 private:
  std::uint64_t state_ = 42;
};

std::string iperf2_text() {
  Figures figures;
  std::string out =
      "------------------------------------------------------------\n"
      "Client connecting to 127.0.0.1, TCP port 5001\n"
      "TCP window size: 85.0 KByte (default)\n"
      "------------------------------------------------------------\n";
  for (int s = 1; s <= streams; ++s) {
    fmt::format_to(std::back_inserter(out),
                   "[{:3}] local 127.0.0.1 port {} connected with 127.0.0.1 port 5001\n", s,
                   40000 + s);
  }
  out += "[ ID] Interval       Transfer     Bandwidth\n";
  for (int i = 0; i < intervals; ++i) {
    double total = 0;
    for (int s = 1; s <= streams; ++s) {
      const double megabytes = static_cast<double>(figures.bytes()) / (1024 * 1024);
      total += megabytes;
      fmt::format_to(std::back_inserter(out), "[{:3}] {:.4f}-{:.4f} sec  {:.2f} MBytes  {:.0f} Mbits/sec\n",
                     s, i * step, (i + 1) * step, megabytes, megabytes * 8 * 1.048576 / step);
    }
    fmt::format_to(std::back_inserter(out), "[SUM] {:.4f}-{:.4f} sec  {:.0f} MBytes  {:.2f} Gbits/sec\n",
                   i * step, (i + 1) * step, total, total * 8 * 1.048576 / step / 1000);
  }
  for (int s = 1; s <= streams; ++s) {
    fmt::format_to(std::back_inserter(out), "[{:3}] 0.0000-3600.0000 sec  420 GBytes  1.00 Gbits/sec\n", s);
  }
  out += "[SUM] 0.0000-3600.0000 sec  3.28 TBytes  8.02 Gbits/sec\n";
  return out;
}

std::string iperf2_csv() {
  Figures figures;
  std::string out;
  for (int i = 0; i < intervals; ++i) {
    for (int s = 1; s <= streams; ++s) {
      const auto bytes = figures.bytes();
      fmt::format_to(std::back_inserter(out), "20261126173516,127.0.0.1,{},127.0.0.1,5001,{},{:.1f}-{:.1f},{},{}\n",
                     40000 + s, s, i * step, (i + 1) * step, bytes,
                     static_cast<std::uint64_t>(static_cast<double>(bytes) * 8 / step));
    }
  }
  for (int s = 1; s <= streams; ++s) {
    fmt::format_to(std::back_inserter(out),
                   "19700101000000,127.0.0.1,{},127.0.0.1,5001,{},0.0-3600.0,450971566080,1002159035\n",
                   40000 + s, s);
  }
  return out;
}

// One iperf3 -J stream or sum object, laid out as iperf3 prints it.
void json_sample(std::string& out, const char* indent, int socket, double start,
                 std::uint64_t bytes, bool stream) {
  const double bits_per_second = static_cast<double>(bytes) * 8 / step;
  fmt::format_to(std::back_inserter(out), "{{\n");
  if (stream) fmt::format_to(std::back_inserter(out), "{}\t\"socket\":\t{},\n", indent, socket);
  fmt::format_to(std::back_inserter(out),
                 "{0}\t\"start\":\t{1},\n{0}\t\"end\":\t{2},\n{0}\t\"seconds\":\t{3},\n"
                 "{0}\t\"bytes\":\t{4},\n{0}\t\"bits_per_second\":\t{5},\n"
                 "{0}\t\"retransmits\":\t0,\n",
                 indent, start, start + step, step, bytes, bits_per_second);
  if (stream) {
    fmt::format_to(std::back_inserter(out),
                   "{0}\t\"snd_cwnd\":\t1047728,\n{0}\t\"snd_wnd\":\t4723712,\n{0}\t\"rtt\":\t232,\n"
                   "{0}\t\"rttvar\":\t307,\n{0}\t\"pmtu\":\t65535,\n",
                   indent);
  }
  fmt::format_to(std::back_inserter(out), "{0}\t\"omitted\":\tfalse,\n{0}\t\"sender\":\ttrue\n{0}}}",
                 indent);
}

std::string iperf3_json() {
  Figures figures;
  std::string out =
      "{\n\t\"start\":\t{\n\t\t\"version\":\t\"iperf 3.12\",\n\t\t\"test_start\":\t{\n"
      "\t\t\t\"protocol\":\t\"TCP\",\n\t\t\t\"num_streams\":\t8,\n\t\t\t\"duration\":\t3600\n"
      "\t\t}\n\t},\n\t\"intervals\":\t[";
  for (int i = 0; i < intervals; ++i) {
    out += i == 0 ? "{\n\t\t\t\"streams\":\t[" : ", {\n\t\t\t\"streams\":\t[";
    std::uint64_t total = 0;
    for (int s = 0; s < streams; ++s) {
      const auto bytes = figures.bytes();
      total += bytes;
      out += s == 0 ? "" : ", ";
      json_sample(out, "\t\t\t\t", 5 + 2 * s, i * step, bytes, true);
    }
    out += "],\n\t\t\t\"sum\":\t";
    json_sample(out, "\t\t\t", 0, i * step, total, false);
    out += "\n\t\t}";
  }
  out +=
      "],\n\t\"end\":\t{\n\t\t\"sum_sent\":\t{\n\t\t\t\"start\":\t0,\n\t\t\t\"end\":\t3600,\n"
      "\t\t\t\"seconds\":\t3600,\n\t\t\t\"bytes\":\t3608000000000,\n"
      "\t\t\t\"bits_per_second\":\t8017777777.7,\n\t\t\t\"retransmits\":\t12,\n"
      "\t\t\t\"sender\":\ttrue\n\t\t},\n\t\t\"sum_received\":\t{\n\t\t\t\"start\":\t0,\n"
      "\t\t\t\"end\":\t3600.01,\n\t\t\t\"seconds\":\t3600.01,\n\t\t\t\"bytes\":\t3607990000000,\n"
      "\t\t\t\"bits_per_second\":\t8017733333.3,\n\t\t\t\"sender\":\ttrue\n\t\t}\n\t}\n}\n";
  return out;
}

// Parses `text` `repeats` times and prints the best run's throughput (the least
// disturbed by other work on a shared machine).
double measure(const char* name, const std::string& text) {
  double best_seconds = 1e300;
  std::size_t intervals_parsed = 0;
  for (int run = 0; run < repeats; ++run) {
    const auto start = std::chrono::steady_clock::now();
    const auto report = tuna::iperf::parse_output(text);
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    best_seconds = std::min(best_seconds, took.count());
    intervals_parsed = report.intervals.size();
  }
  const double megabytes = static_cast<double>(text.size()) / 1e6;
  fmt::print("{:<12} {:>9.1f} MB  {:>6} intervals  best of {}: {:>7.3f} s  {:>8.1f} MB/s\n", name,
             megabytes, intervals_parsed, repeats, best_seconds, megabytes / best_seconds);
  return megabytes;
}

}  // namespace

int main() {
  fmt::print("iperf parsers: {} intervals x {} streams (one hour at -i {} -P {})\n", intervals,
             streams, step, streams);
  double total = 0;
  total += measure("iperf2 text", iperf2_text());
  total += measure("iperf2 CSV", iperf2_csv());
  total += measure("iperf3 JSON", iperf3_json());
  fmt::print("total input: {:.1f} MB per repeat\n", total);
  return 0;
}
