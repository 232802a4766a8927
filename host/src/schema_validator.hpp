// A step's `settings` checked against its component's schema (tuna/schema.hpp) and turned
// into a typed tuna::Config: unknown options, types, ranges, required options, hosts,
// nested groups and defaults. Every problem is reported; nothing stops at the first.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include <yaml-cpp/yaml.h>

#include <tuna/config.hpp>
#include <tuna/schema.hpp>

#include "diagnostics.hpp"
#include "yaml_document.hpp"

namespace tuna::host {

// Whether a host name a `host` option holds is one the pipeline knows: nullopt if so,
// else the message to report (with a suggestion).
using HostCheck =
    std::function<std::optional<std::string>(const std::string& name, const tuna::Location& where)>;

struct SettingsContext {
  std::string file;       // the pipeline file, for locations
  std::string component;  // named in messages about the plugin's own mistakes
  tuna::Location step;    // the step; missing options are reported here when it has no settings
  HostCheck check_host;
  Diagnostics& diagnostics;
};

// `settings` is the step's `settings` entry (its value a mapping, or empty), nullptr when
// the step has none. Problems go to context.diagnostics; the Config holds what was valid.
tuna::Config validate_settings(const MapEntry* settings, const tuna::Schema& schema,
                               SettingsContext& context);

}  // namespace tuna::host
