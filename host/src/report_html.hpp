// report.html: a run's records as one self-contained page (no script, and no font,
// stylesheet or image from elsewhere, so it opens offline and can be mailed or archived):
//  - a table with a row per record: step, label, repetition, status, its metrics, message;
//  - statistics per (step, label) across repetitions: count, min, median, mean, max and
//    sample standard deviation (n - 1; "—" below two values) of each metric;
//  - inline SVG line charts of every record's interval series.
//
// The interval contract (any component may use it; the host knows none by name): a record
// is charted when details.intervals is a non-empty list of objects, each with numbers
// `start` and `end` (seconds since the measurement began) and `bits_per_second`. Each
// interval is one point at its midpoint in a throughput chart (Mbit/s over seconds).
// Optional per-interval figures, each charted when some interval has it:
//  - `jitter_ms` (a jitter chart, ms): the interval's own, else the mean over the numeric
//    `jitter_ms` of its `streams` (a list of objects);
//  - `lost_packets` (a loss chart, packets): the interval's own, else the sum over its
//    `streams`.
// Numbers in bits/s are shown in Mbit/s; other units as the record gives them.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace tuna::host {

// The report.html text for `records` (objects as results.jsonl holds them).
std::string report_html(const std::vector<nlohmann::ordered_json>& records);

}  // namespace tuna::host
