#include "report_csv.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "results_record.hpp"

namespace tuna::host {
namespace {

using Record = nlohmann::ordered_json;

// A metric as results.jsonl keeps it: {"value": 941e6, "unit": "bits/s"}.
std::string heading_of(const std::string& name, const Record& metric) {
  return metric_heading(name, metric.value("unit", ""));
}

// Every metric heading of the run, in the order it first appears.
std::vector<std::string> metric_headings(const std::vector<Record>& records) {
  std::vector<std::string> headings;
  for (const auto& record : records)
    for (const auto& [name, metric] : record_metrics(record).items())
      if (const auto heading = heading_of(name, metric);
          std::ranges::find(headings, heading) == headings.end())
        headings.push_back(heading);
  return headings;
}

std::string row(const std::vector<std::string>& cells) {
  std::string line;
  for (const auto& cell : cells) line += (line.empty() ? "" : ",") + csv_field(cell);
  return line + "\r\n";
}

}  // namespace

std::string csv_field(std::string_view text) {
  const bool plain = text.find_first_of(",\"\r\n") == std::string_view::npos &&
                     (text.empty() || (text.front() != ' ' && text.back() != ' '));
  if (plain) return std::string(text);
  std::string quoted = "\"";
  for (const char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

std::string summary_csv(const std::vector<nlohmann::ordered_json>& records) {
  const auto headings = metric_headings(records);
  std::vector<std::string> header{"step", "label", "repetition", "status", "message"};
  header.insert(header.end(), headings.begin(), headings.end());
  std::string csv = row(header);
  for (const auto& record : records) {
    std::vector<std::string> cells;
    for (const char* key : {"step", "label", "repetition", "status", "message"})
      cells.push_back(record_text(record, key));
    cells.resize(header.size());
    for (const auto& [name, metric] : record_metrics(record).items()) {
      const auto column = std::ranges::find(headings, heading_of(name, metric)) - headings.begin();
      // fmt's shortest form reads back as the same double: the CSV loses no precision.
      cells[5 + column] = fmt::format("{}", metric.value("value", 0.0));
    }
    csv += row(cells);
  }
  return csv;
}

}  // namespace tuna::host
