#include "parse/detect.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "parse/first_json.hpp"
#include "parse/formats.hpp"
#include "parse/lines.hpp"
#include "parse/text_row.hpp"

namespace tuna::iperf {

namespace {

Tool tool_of(Format format) {
  return format == Format::iperf3_json || format == Format::iperf3_text ? Tool::iperf3
                                                                         : Tool::iperf2;
}

bool is_csv_row(std::string_view line) {
  if (line.starts_with("time,")) return true;
  if (line.empty() || !(std::isdigit(static_cast<unsigned char>(line[0])) || line[0] == '+' ||
                        line[0] == '-')) {
    return false;
  }
  return std::count(line.begin(), line.end(), ',') >= 8;
}

bool starts_with_any(std::string_view line, std::initializer_list<std::string_view> prefixes) {
  return std::any_of(prefixes.begin(), prefixes.end(),
                     [&](std::string_view prefix) { return line.starts_with(prefix); });
}

bool contains(std::string_view line, std::string_view part) {
  return line.find(part) != std::string_view::npos;
}

// Lines that only one of the tools prints: banners, headers, separators, errors.
std::optional<Format> text_evidence(std::string_view line) {
  if (starts_with_any(line, {"Connecting to host", "iperf3: ", "iperf Done.", "- - - - -",
                             "Accepted connection from", "[ ID][Role]"}) ||
      (line.starts_with("Server listening on ") && line.size() > 20 &&
       std::isdigit(static_cast<unsigned char>(line[20]))) ||
      (line.starts_with("[ ID]") && contains(line, "Bitrate")) ||
      (line.starts_with('[') && contains(line, " connected to "))) {
    return Format::iperf3_text;
  }
  if (starts_with_any(line, {"Client connecting to", "Server listening on TCP port",
                             "Server listening on UDP port"}) ||
      (line.starts_with("[ ID]") && contains(line, "Bandwidth")) ||
      (line.starts_with('[') && contains(line, " connected with ")) || iperf2_error(line)) {
    return Format::iperf2_text;
  }
  return std::nullopt;
}

bool allowed(Format format, std::optional<Tool> hint) { return !hint || tool_of(format) == *hint; }

}  // namespace

std::optional<Format> detect_format(const std::vector<std::string_view>& lines,
                                    std::optional<Tool> hint) {
  if (allowed(Format::iperf3_json, hint) && std::any_of(lines.begin(), lines.end(), starts_json)) {
    return Format::iperf3_json;
  }
  bool has_rows = false;
  bool other_tool = false;
  for (const auto line : lines) {
    std::optional<Format> evidence =
        is_csv_row(line) ? std::optional(Format::iperf2_csv) : text_evidence(line);
    if (evidence && allowed(*evidence, hint)) return evidence;
    other_tool = other_tool || evidence.has_value();
    has_rows = has_rows || parse_text_row(line).has_value();
  }
  // Transfer lines alone look alike in both tools; iperf2's parser reads either. Lines
  // only the other tool prints contradict the hint.
  if (!has_rows || other_tool) return std::nullopt;
  return hint == Tool::iperf3 ? Format::iperf3_text : Format::iperf2_text;
}

}  // namespace tuna::iperf
