#include "report_html.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>
#include <utility>

#include "report_junit.hpp"
#include "results_record.hpp"
#include "svg_chart.hpp"

namespace tuna::host {
namespace {

using Record = nlohmann::ordered_json;

constexpr const char* style = R"(
body { font-family: sans-serif; margin: 1.5em; color: #222222; }
table { border-collapse: collapse; margin-bottom: 1.5em; }
th, td { border: 1px solid #bbbbbb; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }
th { background: #eeeeee; }
td.number { text-align: right; }
tr.status-failed td, tr.status-error td { background: #fde8e8; }
ul.figures { margin: 0; padding-left: 1em; }
figure { display: inline-block; margin: 0 1em 1em 0; }
)";

std::string escaped(std::string_view text) { return xml_escaped(text, false); }

// A figure as shown on the page: bits/s as Mbit/s, which reads at a glance.
std::pair<double, std::string> shown(double value, const std::string& unit) {
  if (unit == "bits/s") return {value / 1e6, "Mbit/s"};
  return {value, unit};
}

std::string number(double value) { return fmt::format("{:.6g}", value); }

std::string measurement_name(const Record& record) {
  return fmt::format("{} {} #{}", record_text(record, "step"), record_text(record, "label"),
                     record_text(record, "repetition"));
}

std::string summary_row(const Record& record) {
  std::string figures;
  for (const auto& [name, metric] : record_metrics(record).items()) {
    const auto [value, unit] = shown(metric.value("value", 0.0), metric.value("unit", ""));
    figures += fmt::format("<li>{} {} {}</li>", escaped(name), number(value), escaped(unit));
  }
  return fmt::format(
      "<tr class=\"status-{}\"><td>{}</td><td>{}</td><td class=\"number\">{}</td><td>{}</td>"
      "<td><ul class=\"figures\">{}</ul></td><td>{}</td></tr>\n",
      escaped(record_text(record, "status")), escaped(record_text(record, "step")),
      escaped(record_text(record, "label")), escaped(record_text(record, "repetition")),
      escaped(record_text(record, "status")), figures, escaped(record_text(record, "message")));
}

// One metric's values across the repetitions of a (step, label), in display units.
struct MetricValues {
  std::string heading;
  std::vector<double> values;
};

struct MeasurementGroup {
  std::string step;
  std::string label;
  std::vector<MetricValues> metrics;  // in the order the run first produced them
};

std::vector<MeasurementGroup> group_by_measurement(const std::vector<Record>& records) {
  std::vector<MeasurementGroup> groups;
  for (const auto& record : records) {
    const auto step = record_text(record, "step"), label = record_text(record, "label");
    auto group = std::ranges::find_if(groups, [&](const auto& g) { return g.step == step && g.label == label; });
    if (group == groups.end()) group = groups.insert(groups.end(), {step, label, {}});
    for (const auto& [name, metric] : record_metrics(record).items()) {
      const auto [value, unit] = shown(metric.value("value", 0.0), metric.value("unit", ""));
      const auto heading = metric_heading(name, unit);
      auto values = std::ranges::find(group->metrics, heading, &MetricValues::heading);
      if (values == group->metrics.end()) values = group->metrics.insert(values, {heading, {}});
      values->values.push_back(value);
    }
  }
  return groups;
}

std::string statistics_cells(std::vector<double> values) {
  std::ranges::sort(values);
  const auto n = values.size();
  const double median = n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  const double mean = std::accumulate(values.begin(), values.end(), 0.0) / n;
  const double squares = std::accumulate(values.begin(), values.end(), 0.0,
                                         [&](double sum, double v) { return sum + (v - mean) * (v - mean); });
  const auto deviation = n < 2 ? std::string("—") : number(std::sqrt(squares / (n - 1)));
  std::string cells = fmt::format("<td class=\"number\">{}</td>", n);
  for (const auto& cell : {number(values.front()), number(median), number(mean), number(values.back()), deviation})
    cells += fmt::format("<td class=\"number\">{}</td>", cell);
  return cells;
}

std::string statistics_table(const std::vector<Record>& records) {
  std::string rows;
  for (const auto& group : group_by_measurement(records))
    for (const auto& metric : group.metrics)
      rows += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td>{}</tr>\n", escaped(group.step),
                          escaped(group.label), escaped(metric.heading), statistics_cells(metric.values));
  return "<table class=\"statistics\">\n<thead><tr><th>step</th><th>label</th><th>metric</th><th>count</th>"
         "<th>min</th><th>median</th><th>mean</th><th>max</th><th>std dev</th></tr></thead>\n<tbody>\n" +
         rows + "</tbody></table>\n";
}

std::optional<double> number_at(const Record& object, const char* key) {
  const auto found = object.find(key);
  if (found == object.end() || !found->is_number()) return std::nullopt;
  return found->get<double>();
}

// An interval's figure: its own, else its streams' (averaged when `average`, else summed).
std::optional<double> interval_figure(const Record& interval, const char* key, bool average) {
  if (const auto own = number_at(interval, key)) return own;
  const auto streams = interval.find("streams");
  if (streams == interval.end() || !streams->is_array()) return std::nullopt;
  std::vector<double> values;
  for (const auto& stream : *streams)
    if (const auto value = stream.is_object() ? number_at(stream, key) : std::nullopt) values.push_back(*value);
  if (values.empty()) return std::nullopt;
  const double sum = std::accumulate(values.begin(), values.end(), 0.0);
  return average ? sum / values.size() : sum;
}

// The record's intervals when they keep the contract in report_html.hpp, else none.
const Record* interval_series(const Record& record) {
  const auto details = record.find("details");
  if (details == record.end() || !details->is_object()) return nullptr;
  const auto intervals = details->find("intervals");
  if (intervals == details->end() || !intervals->is_array() || intervals->empty()) return nullptr;
  const bool kept = std::ranges::all_of(*intervals, [](const Record& interval) {
    return interval.is_object() && number_at(interval, "start") && number_at(interval, "end") &&
           number_at(interval, "bits_per_second");
  });
  return kept ? &*intervals : nullptr;
}

std::string interval_charts(const Record& record, const Record& intervals) {
  const auto name = measurement_name(record);
  LineChart throughput{name + ": throughput", "s", "Mbit/s", {}};
  LineChart jitter{name + ": jitter", "s", "ms", {}};
  LineChart loss{name + ": lost packets", "s", "packets", {}};
  for (const auto& interval : intervals) {
    const double middle = (interval["start"].get<double>() + interval["end"].get<double>()) / 2;
    throughput.points.push_back({middle, interval["bits_per_second"].get<double>() / 1e6});
    if (const auto value = interval_figure(interval, "jitter_ms", true)) jitter.points.push_back({middle, *value});
    if (const auto value = interval_figure(interval, "lost_packets", false)) loss.points.push_back({middle, *value});
  }
  std::string figures;
  for (const auto* chart : {&throughput, &jitter, &loss})
    if (!chart->points.empty()) figures += "<figure>\n" + line_chart_svg(*chart) + "</figure>\n";
  return fmt::format("<section class=\"intervals\">\n<h3>{}</h3>\n{}</section>\n", escaped(name), figures);
}

std::string pipelines_of(const std::vector<Record>& records) {
  std::vector<std::string> names;
  for (const auto& record : records)
    if (const auto name = record_text(record, "pipeline"); std::ranges::find(names, name) == names.end())
      names.push_back(name);
  return fmt::format("{}", fmt::join(names, ", "));
}

}  // namespace

std::string report_html(const std::vector<nlohmann::ordered_json>& records) {
  const auto title = escaped("tuna report: " + pipelines_of(records));
  std::string summary, charts;
  for (const auto& record : records) {
    summary += summary_row(record);
    if (const auto* intervals = interval_series(record)) charts += interval_charts(record, *intervals);
  }
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>{0}</title>\n"
      "<style>{1}</style>\n</head>\n<body>\n<h1>{0}</h1>\n"
      "<h2>Measurements</h2>\n<table class=\"summary\">\n<thead><tr><th>step</th><th>label</th>"
      "<th>repetition</th><th>status</th><th>figures</th><th>message</th></tr></thead>\n<tbody>\n{2}"
      "</tbody></table>\n<h2>Statistics across repetitions</h2>\n{3}"
      "<h2>Intervals</h2>\n{4}</body>\n</html>\n",
      title, style, summary, statistics_table(records), charts.empty() ? "<p>No interval series.</p>\n" : charts);
}

}  // namespace tuna::host
