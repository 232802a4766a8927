// summary.csv: a run's records as a spreadsheet, one row per measurement and one column
// per metric the run produced.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace tuna::host {

// A field as RFC 4180 writes it: quoted (quotes doubled) only when it holds a comma, a
// quote, a line break or leading/trailing spaces.
std::string csv_field(std::string_view text);

// The CSV text (CRLF line ends, RFC 4180) for `records`, objects as results.jsonl holds
// them: columns step, label, repetition, status, message, then one per metric heading in
// the order the run first produced it; a cell is empty where a record lacks that metric.
std::string summary_csv(const std::vector<nlohmann::ordered_json>& records);

}  // namespace tuna::host
