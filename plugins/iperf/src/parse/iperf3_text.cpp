// iperf3 human-readable output, client or server (a server reports one test after
// another, each after a "Server listening on" banner).
#include <algorithm>

#include "parse/formats.hpp"
#include "parse/rows.hpp"
#include "parse/text_row.hpp"
#include "parse/units.hpp"

namespace tuna::iperf {

namespace {

struct Session {
  std::vector<Row> rows;
  std::optional<std::string> error;
  bool udp = false;
};

// What the last "[ ID] Interval ..." header says the columns after the rate are.
struct Columns {
  bool retransmits = false;  // "Retr"
  bool datagrams = false;    // UDP client intervals: "Total Datagrams" and nothing else
};

Columns columns_of(std::string_view header) {
  return {.retransmits = header.find("Retr") != std::string_view::npos,
          .datagrams = header.find("Total Datagrams") != std::string_view::npos &&
                       header.find("Lost/Total") == std::string_view::npos};
}

Row to_row(const TextRow& text, const Columns& columns) {
  Row row;
  row.label = text.label;
  row.is_sum = text.label == "SUM";
  // --bidir: the client's transmit (TX-C) is the server's receive (RX-S); the other
  // pair is the reverse direction.
  row.reverse = text.role == "RX-C" || text.role == "TX-S";
  auto tail = text.tail;
  if (!tail.empty() && (tail.back() == "sender" || tail.back() == "receiver")) {
    row.final = true;
    row.side = tail.back() == "sender" ? Side::sender : Side::receiver;
    tail.pop_back();
  }
  auto& sample = row.sample;
  sample.id = parse_integer(text.label).value_or(0);
  sample.start = text.start;
  sample.end = text.end;
  sample.bytes = text.bytes;
  sample.bits_per_second = text.bits_per_second;
  if (const auto udp = find_udp_figures(tail)) {
    sample.jitter_ms = udp->jitter_ms;
    sample.lost_packets = udp->lost_packets;
    sample.total_packets = udp->total_packets;
    sample.lost_percent = udp->lost_percent;
  } else if (!tail.empty() && (columns.retransmits || columns.datagrams)) {
    const auto count = parse_integer(tail.front());
    (columns.retransmits ? sample.retransmits : sample.total_packets) = count;
  }
  return row;
}

bool starts_session(std::string_view line) {
  return line.starts_with("Server listening on") || line.starts_with("Connecting to host");
}

// The last test that printed its sender/receiver lines, else the last with any line.
const Session* chosen(const std::vector<Session>& sessions) {
  const auto has = [&](auto predicate) {
    return std::find_if(sessions.rbegin(), sessions.rend(), [&](const Session& session) {
      return std::any_of(session.rows.begin(), session.rows.end(), predicate);
    });
  };
  auto found = has([](const Row& row) { return row.final; });
  if (found == sessions.rend()) found = has([](const Row&) { return true; });
  return found == sessions.rend() ? nullptr : &*found;
}

}  // namespace

Report parse_iperf3_text(const Lines& lines) {
  Report report{.tool = Tool::iperf3};
  std::vector<Session> sessions(1);
  Columns columns;
  for (const auto line : lines) {
    auto& session = sessions.back();
    if (auto row = parse_text_row(line)) {
      session.rows.push_back(to_row(*row, columns));
    } else if (line.starts_with("[ ID]")) {
      columns = columns_of(line);
      session.udp = session.udp || line.find("Datagrams") != std::string_view::npos;
    } else if (starts_session(line)) {
      if (!session.rows.empty() || session.error) sessions.emplace_back();
    } else if (!session.error) {
      session.error = iperf3_error(line);
    }
  }
  const Session* session = chosen(sessions);
  if (!session) {
    const auto failed = std::find_if(sessions.begin(), sessions.end(),
                                     [](const Session& s) { return s.error.has_value(); });
    if (failed != sessions.end()) report.error = failed->error;
    return report;
  }
  report.error = session->error;
  report.protocol = session->udp ? Protocol::udp : Protocol::tcp;
  assemble(session->rows, report);
  return report;
}

}  // namespace tuna::iperf
