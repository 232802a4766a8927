// Reading the scalar fields of pipeline, host and step entries, each reporting its own
// problems, so every level of the file words them the same way.
#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "diagnostics.hpp"
#include "yaml_document.hpp"

namespace tuna::host {

struct LoadContext {
  std::string file;
  Diagnostics& diagnostics;
};

// "unknown key 'hots' in the pipeline; did you mean 'hosts'?"; `where_found` names the level.
void report_unknown_key(const MapEntry& entry, const std::vector<std::string>& known,
                        std::string_view where_found, LoadContext& context);

// A non-empty scalar; `what` names the field in messages ("step name").
std::optional<std::string> read_text(const MapEntry& field, std::string_view what, LoadContext& context);
// An integer of at least 1.
std::optional<int> read_repeat(const MapEntry& field, LoadContext& context);
// A duration longer than zero, in seconds; `what` names the field in messages ("timeout").
std::optional<double> read_positive_duration(const MapEntry& field, std::string_view what,
                                             LoadContext& context);

}  // namespace tuna::host
