// iperf2 -y C output: 2.1.x rows of 9 (TCP) or 14 (UDP) fields with an "a-b" interval,
// 2.0.x rows with id -1 sum rows, and 2.2's enhanced CSV with a "time,..." header row
// and separate start and end columns.
#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "parse/formats.hpp"
#include "parse/rows.hpp"
#include "parse/units.hpp"

namespace tuna::iperf {

namespace {

std::vector<std::string_view> split_fields(std::string_view line) {
  std::vector<std::string_view> fields;
  while (true) {
    const auto comma = line.find(',');
    fields.push_back(line.substr(0, comma));
    if (comma == std::string_view::npos) break;
    line.remove_prefix(comma + 1);
  }
  return fields;
}

// Where each figure is in a row; -1 for absent. Without a header the layout follows
// from the field count: 9 for TCP, 14 for UDP.
struct Layout {
  int local_port = 2, id = 5, span = 6, start = -1, end = -1, bytes = 7, rate = 8;
  int jitter = -1, lost = -1, total = -1, percent = -1;
};

Layout layout_from_header(const std::vector<std::string_view>& names) {
  Layout layout{.local_port = -1, .id = -1, .span = -1, .bytes = -1, .rate = -1};
  const std::unordered_map<std::string_view, int Layout::*> columns = {
      {"transferid", &Layout::id}, {"istart", &Layout::start}, {"iend", &Layout::end},
      {"bytes", &Layout::bytes},   {"speed", &Layout::rate},   {"jitter", &Layout::jitter},
      {"errors", &Layout::lost},   {"datagrams", &Layout::total}, {"errpercent", &Layout::percent}};
  for (int i = 0; i < static_cast<int>(names.size()); ++i) {
    if (const auto found = columns.find(names[i]); found != columns.end()) {
      layout.*(found->second) = i;
    }
  }
  return layout;
}

Layout layout_for(std::size_t field_count) {
  if (field_count != 14) return Layout{};
  return Layout{.jitter = 9, .lost = 10, .total = 11, .percent = 12};
}

std::optional<Row> to_row(const std::vector<std::string_view>& fields, const Layout& layout) {
  const auto field = [&](int index) -> std::optional<std::string_view> {
    if (index < 0 || index >= static_cast<int>(fields.size())) return std::nullopt;
    return fields[index];
  };
  const auto number_at = [&](int index) {
    const auto text = field(index);
    return text ? parse_number(*text) : std::nullopt;
  };
  const auto integer_at = [&](int index) {
    const auto text = field(index);
    return text ? parse_integer(*text) : std::nullopt;
  };
  Row row;
  auto& sample = row.sample;
  const auto id = field(layout.id);
  const auto bytes = field(layout.bytes);
  const auto rate = field(layout.rate);
  if (!id || !bytes || !rate) return std::nullopt;
  std::optional<double> start;
  std::optional<double> end;
  if (const auto span = field(layout.span)) {
    const auto dash = span->find('-', 1);
    if (dash == std::string_view::npos) return std::nullopt;
    start = parse_number(span->substr(0, dash));
    end = parse_number(span->substr(dash + 1));
  } else {
    start = number_at(layout.start);
    end = number_at(layout.end);
  }
  const auto id_number = parse_integer(*id);
  const auto bits_per_second = parse_number(*rate);
  if (!start || !end || !id_number || !bits_per_second) return std::nullopt;
  row.label = *id;
  row.is_sum = *id_number == -1;
  sample.id = *id_number;
  sample.start = *start;
  sample.end = *end;
  sample.bytes = parse_number(*bytes);
  sample.bits_per_second = *bits_per_second;
  sample.jitter_ms = number_at(layout.jitter);
  sample.lost_packets = integer_at(layout.lost);
  sample.total_packets = integer_at(layout.total);
  sample.lost_percent = number_at(layout.percent);
  return row;
}

// A server run with -y C reports each client one after the other. A new stream once
// every stream so far has printed its final row starts the next session; only the last
// is kept (tuna starts a fresh server per run). Only a server's: its streams share the
// local (listening) port, while a client's parallel streams each have their own, and a
// client's stream may well print its first row after another has printed its last (with
// -t 1 -i 1, every row of a stream comes at once).
class CsvSessions {
 public:
  // `local_port`: the row's local port field, empty where the layout has none.
  void add(Row row, std::string_view local_port) {
    const bool same_listener = local_port.empty() || local_ports_.contains(local_port);
    if (!row.is_sum && !finished_.contains(row.label) && !finished_.empty() && same_listener &&
        std::all_of(finished_.begin(), finished_.end(), [](const auto& s) { return s.second; })) {
      rows_.clear();
      finished_.clear();
      local_ports_.clear();
    }
    if (!local_port.empty()) local_ports_.insert(local_port);
    if (!row.is_sum) {
      const auto seen = finished_.find(row.label);
      if (seen == finished_.end()) {
        finished_[row.label] = false;
      } else if (row.sample.start == 0) {
        seen->second = true;
      }
    }
    rows_.push_back(row);
  }
  std::vector<Row>& rows() { return rows_; }

 private:
  std::vector<Row> rows_;
  std::unordered_map<std::string_view, bool> finished_;
  std::unordered_set<std::string_view> local_ports_;
};

// The client's own UDP rows count datagrams sent; its final row reads -1 for what only
// the server knows. Those are not receiver figures.
void classify_udp_side(std::vector<Row>& rows) {
  const bool client = std::any_of(rows.begin(), rows.end(), [](const Row& row) {
    return row.final && row.sample.total_packets == -1;
  });
  for (auto& row : rows) {
    auto& sample = row.sample;
    row.side = client ? Side::sender : Side::receiver;
    if (!client) continue;
    sample.jitter_ms.reset();
    sample.lost_packets.reset();
    sample.lost_percent.reset();
    if (sample.total_packets == -1) sample.total_packets.reset();
  }
}

}  // namespace

Report parse_iperf2_csv(const Lines& lines) {
  Report report{.tool = Tool::iperf2};
  std::optional<Layout> header;
  CsvSessions sessions;
  for (const auto line : lines) {
    const auto fields = split_fields(line);
    if (line.starts_with("time,")) {
      header = layout_from_header(fields);
      continue;
    }
    const auto layout = header ? *header : layout_for(fields.size());
    const auto row = fields.size() >= 9 ? to_row(fields, layout) : std::nullopt;
    if (row) {
      const bool has_port = layout.local_port >= 0 && layout.local_port < static_cast<int>(fields.size());
      sessions.add(*row, has_port ? fields[layout.local_port] : std::string_view());
    } else if (!report.error) {
      report.error = iperf2_error(line);
    }
  }
  auto& rows = sessions.rows();
  mark_iperf2_final_rows(rows);
  const bool udp = std::any_of(rows.begin(), rows.end(),
                               [](const Row& row) { return row.sample.total_packets.has_value(); });
  if (udp) classify_udp_side(rows);
  if (!rows.empty()) report.protocol = udp ? Protocol::udp : Protocol::tcp;
  assemble(rows, report);
  return report;
}

}  // namespace tuna::iperf
