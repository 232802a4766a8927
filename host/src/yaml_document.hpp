// A YAML file read defensively: whatever the file holds (nothing, binary, a directory, a
// huge or thousands-deep document, an alias bomb, duplicate keys), the problem becomes a
// located diagnostic and never a crash or a hang.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include <tuna/config.hpp>

#include "diagnostics.hpp"

namespace tuna::host {

// Bounds that keep a hostile or broken file from exhausting the stack, memory or time.
struct YamlLimits {
  std::uintmax_t max_bytes = 4 * 1024 * 1024;
  int max_depth = 64;
  // Nodes visited, counting every use of an alias: a pipeline has hundreds, an alias
  // bomb billions.
  std::size_t max_nodes = 200'000;
};

struct YamlDocument {
  std::string file;  // the path as given, for locations
  std::string text;  // the file's text; empty when unreadable or not text
  YAML::Node root;   // meaningful only when ok
  bool ok = false;   // parsed and within the limits (duplicate keys are reported, not fatal)
};

// Reads and parses `path`; every problem goes to `diagnostics`.
YamlDocument read_yaml_file(const std::filesystem::path& path, Diagnostics& diagnostics,
                            const YamlLimits& limits = {});
// The same checks for text already in memory (`file` names it in locations).
YamlDocument parse_yaml_text(std::string file, std::string text, Diagnostics& diagnostics,
                             const YamlLimits& limits = {});

// Where `node` starts, 1-based; line 0 when the node has no mark (it was not in the file).
tuna::Location location_of(const std::string& file, const YAML::Node& node);

// A mapping's entries in file order, the first of each key only (duplicates are reported
// when the document is read). Keys that are not scalars are left out, reported likewise.
struct MapEntry {
  std::string key;
  YAML::Node key_node;
  YAML::Node value;

  // The node to locate the value by: the key when the value is empty, since yaml-cpp
  // marks an empty value at the token after it, often on a later line.
  const YAML::Node& placed() const { return value.IsNull() ? key_node : value; }
};
std::vector<MapEntry> entries(const YAML::Node& mapping);

// How a node reads in a message: "a mapping", "a sequence", "nothing", or the quoted text.
std::string describe(const YAML::Node& node);

}  // namespace tuna::host
