// `sweep:` on a step: { parallel: [1, 4, 8], direction: [upstream, downstream] } runs the
// step once per combination of the listed values (their cross product; the option written
// last varies fastest). Each combination is a step of its own, named after its values
// ("throughput[parallel=4,direction=upstream]"), so results, reports and --resume tell them
// apart; every record also carries them as "parameters".
#pragma once

#include <vector>

#include "pipeline.hpp"
#include "pipeline_fields.hpp"
#include "schema_validator.hpp"

namespace tuna::host {

// The options `sweep` names, for validating the step's own settings without them being
// required there.
std::vector<std::string> swept_options(const MapEntry& sweep);

// `base` (its settings validated without the swept options being required) once per
// combination, each value validated against the schema where it is written. Problems go
// to the diagnostics; then nothing is returned. (The caller runs check_rep on each.)
std::vector<StepEntry> expand_sweep(const MapEntry& sweep, const StepEntry& base,
                                    SettingsContext& settings_context);

}  // namespace tuna::host
