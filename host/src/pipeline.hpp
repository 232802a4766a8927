// A pipeline file read, parsed and validated as a whole before anything runs.
//
// The file is a mapping (name, description, repeat, hosts, steps) or just a YAML sequence
// of steps, as `tuna example` prints one; then there is no hosts table and every host a
// step names is taken to be {address: localhost}.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <tuna/component.hpp>
#include <tuna/config.hpp>

#include "diagnostics.hpp"
#include "expectations.hpp"
#include "ssh_host_config.hpp"

namespace tuna::host {

class ComponentCatalog {  // implemented by the plugin registry
 public:
  virtual ~ComponentCatalog() = default;
  // By name or alias; sets *via_alias to the Alias used (nullptr if the canonical name).
  virtual const tuna::ComponentSpec* find(std::string_view name, const tuna::Alias** via_alias) const = 0;
  virtual std::vector<std::string> names() const = 0;  // canonical names, sorted
};

// "unknown component 'x'; did you mean 'y'? (known components: ...)", for every place that
// looks a component up by a name the user typed.
std::string unknown_component_message(std::string_view name, const ComponentCatalog& catalog);

struct HostEntry {
  std::string name;
  std::string address;
  std::string test_address;  // the address test traffic uses; defaults to `address`
  tuna::Location where;

  // How to reach a remote host over SSH (a local host runs child processes and ignores
  // these). Paths are absolute once loaded: `~/` is $HOME, others are relative to the
  // pipeline file's directory.
  int port = 22;
  std::string user;                   // empty: the user tuna runs as
  std::filesystem::path identity;     // a private key file; empty: none
  std::string password_env;           // the NAME of the variable holding the password
  std::filesystem::path known_hosts;  // $HOME/.ssh/known_hosts unless set
  HostKeyPolicy host_key_policy = HostKeyPolicy::strict;
  double connect_timeout_seconds = 10;

  // On every host: words put before each command (`sudo -n`), and the program to run for
  // a tool ("iperf3" -> "/opt/iperf3/bin/iperf3"); a tool not listed runs by its name.
  std::vector<std::string> prefix;
  std::map<std::string, std::string> programs;
};

struct StepEntry {
  std::string name;
  const tuna::ComponentSpec* spec;
  tuna::Config settings;
  int repeat = 1;
  std::optional<double> timeout_seconds;
  tuna::Location where;
  std::string description;
  std::vector<Expectation> expectations;  // `expect:`, judged against each measurement
  bool continue_on_failure = false;       // `on_failure: continue`; the default stops the run
  // A combination of `sweep:` values (option, value as written), in the sweep's order;
  // empty for a step that is not swept. The name then carries them too.
  std::vector<std::pair<std::string, std::string>> parameters;
};

struct Pipeline {
  std::string name;
  std::filesystem::path file;
  std::string source;  // the file's text
  std::vector<HostEntry> hosts;
  std::vector<StepEntry> steps;
  int repeat = 1;
  std::string description;
};

struct LoadResult {
  std::optional<Pipeline> pipeline;
  Diagnostics diagnostics;
  std::string source;
};

// Reads, parses and validates, reporting every problem in one pass (ordered by place in
// the file); never throws for bad input. `pipeline` is set only when there are no errors
// (warnings allowed).
LoadResult load_pipeline(const std::filesystem::path& file, const ComponentCatalog& catalog);

}  // namespace tuna::host
