// The document `tuna parse` prints for a Report: figures in plain units, null where the
// output did not say.
#pragma once

#include <nlohmann/json.hpp>

#include "parse/report.hpp"

namespace tuna::iperf {

// {"tool","protocol","error","summary":{...,"sources":{...}},"intervals":[{"start","end",
//  "bits_per_second","streams":[...]}],"reverse":null|{"summary","intervals"}}
nlohmann::ordered_json to_json(const Report& report);

}  // namespace tuna::iperf
