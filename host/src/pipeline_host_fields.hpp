// Readers for the typed keys of a pipeline's host entry (port, identity, prefix...), each
// reporting its own problem at the value as "host 'dut': port: ...".
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "pipeline.hpp"
#include "pipeline_fields.hpp"

namespace tuna::host {

struct HostFieldContext {
  std::string host;                // "host 'dut'", how messages name the entry
  std::filesystem::path base_dir;  // the pipeline file's directory, for relative paths
  LoadContext& load;
};

std::optional<std::string> read_host_text(const MapEntry& field, HostFieldContext& context);
// An integer from 1 to 65535.
std::optional<int> read_port(const MapEntry& field, HostFieldContext& context);
// A path made absolute: `~/` is the home directory, otherwise relative to base_dir.
std::optional<std::filesystem::path> read_host_path(const MapEntry& field, HostFieldContext& context);
// The name of an environment variable ([A-Za-z_][A-Za-z0-9_]*), not its value.
std::optional<std::string> read_env_name(const MapEntry& field, HostFieldContext& context);
std::optional<HostKeyPolicy> read_host_key_policy(const MapEntry& field, HostFieldContext& context);
// A duration longer than zero, in seconds.
std::optional<double> read_host_duration(const MapEntry& field, HostFieldContext& context);
// Words split at white space, none with a quote or shell character: they are passed to the
// program as they are, never through a shell that would interpret them.
std::optional<std::vector<std::string>> read_command_words(const MapEntry& field, HostFieldContext& context);

// `programs: { iperf3: /opt/iperf3/bin/iperf3 }`: the program to run on that host for a
// tool, by the tool's name; a tool not listed runs by its own name.
std::optional<std::map<std::string, std::string>> read_programs(const MapEntry& field,
                                                                HostFieldContext& context);

// A `password:` key: always an error that names password_env and never shows the value.
void refuse_literal_password(const MapEntry& field, HostFieldContext& context);

// The user's home directory: $HOME, or the password database's when HOME is unset.
std::filesystem::path home_directory();

}  // namespace tuna::host
