// Reading back a record of results.jsonl (what to_json(MeasurementRecord) wrote), for the
// reports made from it; a field a record lacks reads as empty.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace tuna::host {

// The field as text: a string as is, a number or other value as JSON ("2"), "" when absent.
std::string record_text(const nlohmann::ordered_json& record, const char* key);

// A record's "metrics" object ({name: {value, unit}}), or an empty one when it has none.
// A reference, so iterating it never outlives a temporary.
const nlohmann::ordered_json& record_metrics(const nlohmann::ordered_json& record);

// "bandwidth (bits/s)", or the bare name for a metric without a unit: how a metric is
// named wherever a report lists it beside others.
std::string metric_heading(std::string_view name, std::string_view unit);

}  // namespace tuna::host
