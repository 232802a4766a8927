// summary.csv: a run's records as a spreadsheet, one row per measurement and one column
// per metric the run produced.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace tuna::host {

// A record's "metrics" object ({name: {value, unit}}), or an empty one when it has none.
// A reference, so iterating it never outlives a temporary.
const nlohmann::ordered_json& record_metrics(const nlohmann::ordered_json& record);

// "bandwidth (bits/s)", or the bare name for a metric without a unit: how a metric is
// named wherever a report lists it beside others.
std::string metric_heading(std::string_view name, std::string_view unit);

// A field as RFC 4180 writes it: quoted (quotes doubled) only when it holds a comma, a
// quote, a line break or leading/trailing spaces.
std::string csv_field(std::string_view text);

// The CSV text (CRLF line ends, RFC 4180) for `records`, objects as results.jsonl holds
// them: columns step, label, repetition, status, message, then one per metric heading in
// the order the run first produced it; a cell is empty where a record lacks that metric.
std::string summary_csv(const std::vector<nlohmann::ordered_json>& records);

}  // namespace tuna::host
