// Reading iputils ping's output (Debian's iputils-ping 20221126, with or without -n, -O
// and -D), as ping printed it or as the ping component saved it, each line stamped.
#pragma once

#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace tuna::ping {

using SystemTime = std::chrono::system_clock::time_point;

// One line of output and, when known, when it arrived.
struct StampedLine {
  std::string_view text;
  std::optional<SystemTime> stamp;
};

// "64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=0.129 ms"
struct Reply {
  int sequence = 0;
  std::optional<int> ttl;
  double time_ms = 0;
  bool duplicate = false;  // "(DUP!)": a second answer to a request already answered
  std::optional<SystemTime> stamp;
};

// The statistics ping prints when it ends by itself or on SIGINT (not on SIGTERM).
struct Summary {
  long transmitted = 0;
  long received = 0;
  long duplicates = 0;
  long errors = 0;  // ICMP errors such as Destination Host Unreachable
  double loss_percent = 0;
  double time_ms = 0;
};

struct RoundTrip {
  double min_ms = 0;
  double avg_ms = 0;
  double max_ms = 0;
  double mdev_ms = 0;
};

struct PingOutput {
  std::string target;                 // the address in ping's header, "127.0.0.1"
  std::optional<SystemTime> started;  // the first line's stamp: ping's start
  std::vector<Reply> replies;         // in arrival order, duplicates included
  // ICMP errors ("From 198.18.0.1 icmp_seq=1 Destination Host Unreachable") and ping's
  // own complaints ("ping: connect: Network is unreachable"), as printed.
  std::vector<std::string> problems;
  std::optional<Summary> summary;       // absent when ping was stopped or could not run
  std::optional<RoundTrip> round_trip;  // absent when no reply came back
};

struct NotPingOutput : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Throws NotPingOutput when the lines hold neither ping's header nor its statistics.
PingOutput parse_ping_lines(const std::vector<StampedLine>& lines);

// The text's lines may carry the ping component's "<ISO-8601 UTC timestamp> " prefix.
PingOutput parse_ping_output(std::string_view text);

// One reply line, for watching ping live; nullopt for any other line.
std::optional<Reply> parse_reply_line(std::string_view line);

}  // namespace tuna::ping
