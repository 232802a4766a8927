#include "parse/ping_output.hpp"

#include <charconv>
#include <regex>
#include <string>

#include <tuna/support/utf8.hpp>

#include "parse/stamps.hpp"

namespace tuna::ping {

namespace {

using Match = std::match_results<std::string_view::const_iterator>;

// "PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data." and IPv6's "PING ::1(::1) 56 data bytes".
const std::regex header_line(R"(^PING .*?\(([^)]+)\))");
// -D puts "[1700000000.123456] " before a line; the address may hold colons (IPv6).
const std::regex reply_line(
    R"(^(?:\[[0-9.]+\] )?\d+ bytes from .*: icmp_seq=(\d+)(?: ttl=(\d+))? time=([0-9.]+) ms( \(DUP!\))?)");
const std::regex icmp_error_line(R"(^(?:\[[0-9.]+\] )?From \S+ icmp_seq=\d+ .+)");
const std::regex own_error_line(R"(^ping: .+)");
const std::regex summary_line(R"(^(\d+) packets transmitted, (\d+) received(.*)$)");
const std::regex round_trip_line(
    R"(^(?:rtt|round-trip) min/avg/max/(?:mdev|stddev) = ([0-9.]+)/([0-9.]+)/([0-9.]+)/([0-9.]+) ms)");
// The optional parts of the summary line, after "N received".
const std::regex duplicates_part(R"(\+(\d+) duplicates)");
const std::regex errors_part(R"(\+(\d+) errors)");
const std::regex loss_part(R"(([0-9.]+)% packet loss)");
const std::regex time_part(R"(time (\d+)ms)");

bool search(std::string_view text, Match& match, const std::regex& pattern) {
  return std::regex_search(text.begin(), text.end(), match, pattern);
}

template <class Number>
Number number(const Match::value_type& group) {
  Number value{};
  std::from_chars(group.first, group.second, value);
  return value;
}

Summary read_summary(const Match& match) {
  Summary summary;
  summary.transmitted = number<long>(match[1]);
  summary.received = number<long>(match[2]);
  const std::string_view rest(match[3].first, match[3].second);
  Match part;
  if (search(rest, part, duplicates_part)) summary.duplicates = number<long>(part[1]);
  if (search(rest, part, errors_part)) summary.errors = number<long>(part[1]);
  if (search(rest, part, loss_part)) summary.loss_percent = number<double>(part[1]);
  if (search(rest, part, time_part)) summary.time_ms = number<double>(part[1]);
  return summary;
}

}  // namespace

std::optional<Reply> parse_reply_line(std::string_view line) {
  Match match;
  if (!search(line, match, reply_line)) return std::nullopt;
  Reply reply;
  reply.sequence = number<int>(match[1]);
  if (match[2].matched) reply.ttl = number<int>(match[2]);
  reply.time_ms = number<double>(match[3]);
  reply.duplicate = match[4].matched;
  return reply;
}

PingOutput parse_ping_lines(const std::vector<StampedLine>& lines) {
  PingOutput output;
  bool recognised = false;
  for (const auto& [text, stamp] : lines) {
    if (!output.started && stamp) output.started = stamp;
    Match match;
    if (auto reply = parse_reply_line(text)) {
      reply->stamp = stamp;
      output.replies.push_back(*reply);
    } else if (search(text, match, header_line)) {
      recognised = true;
      output.target = support::valid_utf8(match[1].str());
    } else if (search(text, match, summary_line)) {
      recognised = true;
      output.summary = read_summary(match);
    } else if (search(text, match, round_trip_line)) {
      output.round_trip = RoundTrip{number<double>(match[1]), number<double>(match[2]),
                                    number<double>(match[3]), number<double>(match[4])};
    } else if (search(text, match, icmp_error_line)) {
      output.problems.emplace_back(support::valid_utf8(text));
    } else if (search(text, match, own_error_line)) {
      // ping may say only this ("ping: connect: Network is unreachable") and exit.
      recognised = true;
      output.problems.emplace_back(support::valid_utf8(text));
    }
  }
  if (!recognised)
    throw NotPingOutput("no ping header (\"PING <address> ...\"), statistics or \"ping: \" message");
  return output;
}

PingOutput parse_ping_output(std::string_view text) { return parse_ping_lines(stamped_lines(text)); }

}  // namespace tuna::ping
