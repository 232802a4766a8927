// iperf2 human-readable output: 2.1.x, its -e enhanced layout, and 2.0.x.
#include <algorithm>
#include <unordered_map>

#include "parse/formats.hpp"
#include "parse/lines.hpp"
#include "parse/rows.hpp"
#include "parse/text_row.hpp"
#include "parse/units.hpp"

namespace tuna::iperf {

namespace {

enum class Role { unknown, client, server };

// One test as a server prints it: the streams that connected together and their lines.
// A server started with `iperf -s` reports every client that came; tuna starts a fresh
// server for each run, so the last complete session is the run's own.
struct Session {
  std::vector<Row> rows;
  bool has_own_rows = false;
};

Row to_row(const TextRow& text, bool retry_column) {
  Row row;
  row.label = text.label;
  row.is_sum = text.label.ends_with("SUM");
  auto& sample = row.sample;
  auto id = text.label;
  if (id.starts_with('*')) id.remove_prefix(1);
  sample.id = parse_integer(id).value_or(0);
  sample.start = text.start;
  sample.end = text.end;
  sample.bytes = text.bytes;
  sample.bits_per_second = text.bits_per_second;
  if (const auto udp = find_udp_figures(text.tail)) {
    sample.jitter_ms = udp->jitter_ms;
    sample.lost_packets = udp->lost_packets;
    sample.total_packets = udp->total_packets;
    sample.lost_percent = udp->lost_percent;
  }
  // -e TCP client: "Write/Err  Rtry  Cwnd/RTT..." after the rate.
  if (retry_column && text.tail.size() >= 2 && text.tail[0].find('/') != std::string_view::npos) {
    sample.retransmits = parse_integer(text.tail[1]);
  }
  return row;
}

std::string_view connection_label(std::string_view line) {
  if (!line.starts_with('[') || line.find(" connected with ") == std::string_view::npos) return {};
  const auto close = line.find(']');
  return close == std::string_view::npos ? std::string_view() : trim(line.substr(1, close - 1));
}

class SessionSplitter {
 public:
  void connection(std::string_view label) {
    if (sessions_.empty() || sessions_.back().has_own_rows) sessions_.emplace_back();
    owner_[label] = sessions_.size() - 1;
  }

  void row(Row row) {
    if (sessions_.empty()) sessions_.emplace_back();
    const auto index = owner_of(row.label);
    auto& session = sessions_[index];
    session.rows.push_back(row);
    if (index + 1 == sessions_.size()) session.has_own_rows = true;
  }

  // The last session that reached its end-of-test lines, else the last with any line.
  std::vector<Row> chosen() {
    for (auto& session : sessions_) mark_iperf2_final_rows(session.rows);
    const auto complete = std::find_if(sessions_.rbegin(), sessions_.rend(), [](const Session& s) {
      return std::any_of(s.rows.begin(), s.rows.end(), [](const Row& row) { return row.final; });
    });
    if (complete != sessions_.rend()) return complete->rows;
    const auto any = std::find_if(sessions_.rbegin(), sessions_.rend(),
                                  [](const Session& s) { return !s.rows.empty(); });
    return any == sessions_.rend() ? std::vector<Row>() : any->rows;
  }

 private:
  std::size_t owner_of(std::string_view label) const {
    auto found = owner_.find(label);
    // Full-duplex: "[ *7]" reports the other direction of connection "[  7]".
    if (found == owner_.end() && label.starts_with('*')) found = owner_.find(label.substr(1));
    return found == owner_.end() ? sessions_.size() - 1 : found->second;
  }

  std::vector<Session> sessions_;
  std::unordered_map<std::string_view, std::size_t> owner_;
};

// iperf2 marks the streams of a reversed test with "*". When a session has both marked
// and unmarked streams it is a full-duplex test, and the marked ones are its reverse.
void assign_directions(std::vector<Row>& rows, Role role) {
  const auto has = [&](bool starred) {
    return std::any_of(rows.begin(), rows.end(), [&](const Row& row) {
      return !row.is_sum && row.label.starts_with('*') == starred;
    });
  };
  const bool has_plain = has(false);
  const bool all_starred = !has_plain && has(true);
  for (auto& row : rows) {
    const bool starred = row.label.starts_with('*') || (row.is_sum && all_starred);
    row.reverse = starred && has_plain;
    // Only the receiving side measures jitter and loss (the UDP "Server Report").
    if (row.sample.jitter_ms) {
      row.side = Side::receiver;
    } else if (role != Role::unknown) {
      row.side = (role == Role::server) != starred ? Side::receiver : Side::sender;
    }
  }
}

}  // namespace

Report parse_iperf2_text(const Lines& lines) {
  Report report{.tool = Tool::iperf2};
  Role role = Role::unknown;
  bool udp_banner = false;
  bool tcp_banner = false;
  bool retry_column = false;
  SessionSplitter sessions;
  for (const auto line : lines) {
    if (auto row = parse_text_row(line)) {
      sessions.row(to_row(*row, retry_column));
    } else if (const auto label = connection_label(line); !label.empty()) {
      sessions.connection(label);
    } else if (line.starts_with("[ ID]")) {
      retry_column = line.find("Rtry") != std::string_view::npos;
    } else if (line.starts_with("Client connecting to") || line.starts_with("Server listening on")) {
      // A server's own output may later show a client banner (reverse tests): the first
      // banner says which end this process was.
      if (role == Role::unknown) role = line.starts_with("Client") ? Role::client : Role::server;
      udp_banner = udp_banner || line.find("UDP port") != std::string_view::npos;
      tcp_banner = tcp_banner || line.find("TCP port") != std::string_view::npos;
    } else if (!report.error) {
      report.error = iperf2_error(line);
    }
  }
  auto rows = sessions.chosen();
  assign_directions(rows, role);
  const bool udp_rows = std::any_of(rows.begin(), rows.end(),
                                    [](const Row& row) { return row.sample.jitter_ms.has_value(); });
  if (udp_banner || udp_rows) {
    report.protocol = Protocol::udp;
  } else if (tcp_banner || !rows.empty()) {
    report.protocol = Protocol::tcp;
  }
  assemble(rows, report);
  return report;
}

}  // namespace tuna::iperf
