// A component (what a pipeline step names) and the descriptor a plugin exports.
//
// The contract, in the order the host uses it (as Envoy's typed config does):
//   1. the host validates a step's `settings` against `schema` (types, ranges, unknown
//      keys, defaults) and builds a typed Config;
//   2. `check_rep` gets that Config and checks the rules that span several options;
//   3. only a step that passed both is made with `create`, and run.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <boost/config.hpp>
#include <boost/dll/alias.hpp>

#include "tuna/config.hpp"
#include "tuna/schema.hpp"
#include "tuna/step.hpp"

namespace tuna {

// Bump when anything in plugin_api/ changes layout or meaning (see docs/PLUGIN_ABI.md).
// The host loads only plugins built with exactly its version.
inline constexpr std::uint32_t plugin_abi_version = 2;

// One problem found by check_rep: the dotted option path it concerns ("client.udp",
// or "" for the step as a whole) and what is wrong.
struct Problem {
  std::string path;
  std::string message;
};

struct Alias {
  std::string name;
  bool deprecated = false;  // the host warns when a pipeline uses it
};

// Output of a raw-output parser, for `tuna parse`.
enum class ParseVerdict { good = 0, failed_test = 1, not_recognised = 2 };
struct ParseOutcome {
  ParseVerdict verdict = ParseVerdict::not_recognised;
  nlohmann::ordered_json document;  // what `tuna parse` prints
  std::string message;              // why, when not recognised
};

struct ComponentSpec {
  std::string name;  // as written in `component:`
  std::vector<Alias> aliases;
  std::string summary;      // one line
  std::string description;  // paragraphs for `tuna help`
  Schema schema;
  // Cross-field rules over an already schema-checked Config; return every problem.
  std::function<std::vector<Problem>(const Config&)> check_rep;
  // A YAML step (a sequence item starting with "- name:") that passes `tuna check`.
  std::string example;
  std::function<std::unique_ptr<Step>(const Config&)> create;
  // Optional: re-parses a saved raw output of this component's tool (`tuna parse`).
  // `hint` is the user's --tool value, possibly empty.
  std::function<ParseOutcome(const std::string& text, const std::string& hint)> parse_raw;
};

// The one symbol a plugin exports (see TUNA_PLUGIN). Plain data, ABI version first, so
// the host can read the version before it trusts anything else in the struct.
struct PluginDescriptor {
  std::uint32_t abi_version;
  const char* plugin_name;     // matches the file: libtuna_<plugin_name>.so
  const char* plugin_version;  // the plugin's own version
  // Called once after loading; the specs live as long as the library.
  const std::vector<ComponentSpec>& (*components)();
};

}  // namespace tuna

// Exports `descriptor` (a tuna::PluginDescriptor) under the name the host looks for.
#define TUNA_PLUGIN(descriptor) BOOST_DLL_ALIAS(descriptor, tuna_plugin_descriptor)
