#include "parse/text_row.hpp"

#include "parse/lines.hpp"
#include "parse/units.hpp"

namespace tuna::iperf {

namespace {

// "0.0- 1.0", " 9.0-10.0", "0.0000-0.5000": iperf 2.0.x pads the numbers with spaces.
bool parse_span(std::string_view text, double& start, double& end) {
  text = trim(text);
  const auto dash = text.find('-', 1);
  if (dash == std::string_view::npos) return false;
  const auto first = parse_number(trim(text.substr(0, dash)));
  const auto second = parse_number(trim(text.substr(dash + 1)));
  if (!first || !second) return false;
  start = *first;
  end = *second;
  return true;
}

// Splits "[label][role] rest" into its parts; false when the line has no bracketed label.
bool split_brackets(std::string_view line, TextRow& row, std::string_view& rest) {
  if (line.empty() || line.front() != '[') return false;
  const auto close = line.find(']');
  if (close == std::string_view::npos) return false;
  row.label = trim(line.substr(1, close - 1));
  rest = line.substr(close + 1);
  if (!rest.empty() && rest.front() == '[') {
    const auto role_close = rest.find(']');
    if (role_close == std::string_view::npos) return false;
    row.role = rest.substr(1, role_close - 1);
    rest.remove_prefix(role_close + 1);
  }
  return !row.label.empty();
}

}  // namespace

std::vector<std::string_view> split_words(std::string_view text) {
  std::vector<std::string_view> words;
  std::size_t position = 0;
  while (true) {
    const auto first = text.find_first_not_of(" \t", position);
    if (first == std::string_view::npos) break;
    const auto last = text.find_first_of(" \t", first);
    words.push_back(text.substr(first, last == std::string_view::npos ? last : last - first));
    if (last == std::string_view::npos) break;
    position = last;
  }
  return words;
}

std::optional<TextRow> parse_text_row(std::string_view line) {
  TextRow row;
  std::string_view rest;
  if (!split_brackets(line, row, rest)) return std::nullopt;
  const auto sec = rest.find(" sec ");
  if (sec == std::string_view::npos || !parse_span(rest.substr(0, sec), row.start, row.end)) {
    return std::nullopt;
  }
  auto words = split_words(rest.substr(sec + 5));
  if (words.size() < 4) return std::nullopt;
  const auto amount = parse_number(words[0]);
  const auto rate = parse_number(words[2]);
  if (!amount || !rate) return std::nullopt;
  const auto bytes = bytes_from(*amount, words[1]);
  const auto bits_per_second = bits_per_second_from(*rate, words[3]);
  if (!bytes || !bits_per_second) return std::nullopt;
  row.bytes = *bytes;
  row.bits_per_second = *bits_per_second;
  row.tail.assign(words.begin() + 4, words.end());
  return row;
}

namespace {

// "<lost>/<total>" into `figures`; false when `counts` is not that.
bool read_counts(std::string_view counts, UdpFigures& figures) {
  const auto slash = counts.find('/');
  if (slash == std::string_view::npos) return false;
  figures.lost_packets = parse_integer(counts.substr(0, slash));
  figures.total_packets = parse_integer(counts.substr(slash + 1));
  return figures.lost_packets && figures.total_packets;
}

// "(<percent>%)"
std::optional<double> read_percent(std::string_view percent) {
  if (!percent.starts_with('(') || !percent.ends_with("%)")) return std::nullopt;
  return parse_number(percent.substr(1, percent.size() - 3));
}

}  // namespace

std::optional<UdpFigures> find_udp_figures(const std::vector<std::string_view>& tail) {
  UdpFigures figures;
  for (std::size_t i = 1; i < tail.size(); ++i) {
    if (tail[i] != "ms") continue;
    figures.jitter_ms = parse_number(tail[i - 1]);
    if (!figures.jitter_ms) return std::nullopt;
    if (i + 1 < tail.size()) read_counts(tail[i + 1], figures);
    if (i + 2 < tail.size()) figures.lost_percent = read_percent(tail[i + 2]);
    return figures;
  }
  // A [SUM] row without jitter. The second token tells it from a TCP -e row, whose
  // "Write/Err" column has the same shape as the counts.
  if (tail.size() >= 2 && read_counts(tail[0], figures)) {
    if ((figures.lost_percent = read_percent(tail[1]))) return figures;
    if (tail.size() >= 3 && tail[2] == "pps") return figures;
  }
  return std::nullopt;
}

}  // namespace tuna::iperf
