#include "pipeline_hosts.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "host_table.hpp"
#include "pipeline_host_fields.hpp"
#include "suggest.hpp"

namespace tuna::host {

namespace {

namespace fs = std::filesystem;

// Reads a field into the entry with a typed reader; false when the reader reported a problem.
template <auto member, auto reader>
bool store(const MapEntry& field, HostFieldContext& context, HostEntry& host) {
  auto value = reader(field, context);
  if (value) host.*member = std::move(*value);
  return value.has_value();
}

// Which hosts a key means something to: local hosts run child processes, not SSH.
enum class Use { any_host, ssh_only };

// The keys a host entry may have: the one place to add one.
struct HostKey {
  std::string_view name;
  bool required;
  Use use;
  bool (*read)(const MapEntry&, HostFieldContext&, HostEntry&);
};
const HostKey host_keys[] = {
    {"address", true, Use::any_host, store<&HostEntry::address, read_host_text>},
    {"test_address", false, Use::any_host, store<&HostEntry::test_address, read_host_text>},
    {"port", false, Use::ssh_only, store<&HostEntry::port, read_port>},
    {"user", false, Use::ssh_only, store<&HostEntry::user, read_host_text>},
    {"identity", false, Use::ssh_only, store<&HostEntry::identity, read_host_path>},
    {"password_env", false, Use::ssh_only, store<&HostEntry::password_env, read_env_name>},
    {"known_hosts", false, Use::ssh_only, store<&HostEntry::known_hosts, read_host_path>},
    {"host_key_policy", false, Use::ssh_only, store<&HostEntry::host_key_policy, read_host_key_policy>},
    {"connect_timeout", false, Use::ssh_only, store<&HostEntry::connect_timeout_seconds, read_host_duration>},
    {"prefix", false, Use::any_host, store<&HostEntry::prefix, read_command_words>},
    {"programs", false, Use::any_host, store<&HostEntry::programs, read_programs>},
};

std::vector<std::string> host_key_names() {
  std::vector<std::string> names;
  for (const auto& key : host_keys) names.emplace_back(key.name);
  return names;
}

const HostKey* find_key(std::string_view name) {
  auto key = std::find_if(std::begin(host_keys), std::end(host_keys),
                          [&](const HostKey& k) { return k.name == name; });
  return key == std::end(host_keys) ? nullptr : key;
}

const MapEntry* find_field(const std::vector<MapEntry>& fields, std::string_view key) {
  auto field = std::find_if(fields.begin(), fields.end(), [&](const MapEntry& f) { return f.key == key; });
  return field == fields.end() ? nullptr : &*field;
}

// A pipeline may switch a host between a remote address and localhost by its address
// alone, so SSH keys on a local host are a warning, not an error.
void warn_unused_ssh_keys(const std::vector<MapEntry>& fields, HostFieldContext& context) {
  for (const auto& field : fields) {
    const auto* key = find_key(field.key);
    if (!key || key->use != Use::ssh_only) continue;
    context.load.diagnostics.warning(
        location_of(context.load.file, field.key_node),
        fmt::format("{}: '{}' is not used: a local host runs its commands as child processes, not over SSH",
                    context.host, field.key));
  }
}

// The key files a remote host names (`read`: the fields read without a problem) must be
// there when `tuna check` runs. The default known_hosts is left to the connection, which
// says why it cannot verify a host.
void check_key_files(const HostEntry& host, const std::vector<const MapEntry*>& read,
                     HostFieldContext& context) {
  auto missing = [&](std::string_view key, const fs::path& path, std::string_view consequence) {
    auto field = std::find_if(read.begin(), read.end(), [&](const MapEntry* f) { return f->key == key; });
    if (field == read.end()) return;
    std::error_code error;
    const auto status = fs::status(path, error);
    std::string problem;
    if (!fs::exists(status))
      problem = fmt::format("no such file: {}{}", path.string(), consequence);
    else if (fs::is_directory(status))
      problem = fmt::format("{} is a directory, not a file", path.string());
    if (!problem.empty())
      context.load.diagnostics.error(location_of(context.load.file, (*field)->placed()),
                                     fmt::format("{}: {}: {}", context.host, key, problem));
  };
  missing("identity", host.identity, "");
  if (host.host_key_policy == HostKeyPolicy::strict)
    missing("known_hosts", host.known_hosts,
            " (with host_key_policy strict no host key can be verified: add the keys with ssh-keyscan, or "
            "use host_key_policy accept-new)");
}

// The entry even when it has problems (they are reported), so that steps naming the host
// are not reported a second time as naming an undefined one.
HostEntry read_host(const MapEntry& entry, LoadContext& context) {
  HostEntry host{entry.key, {}, {}, location_of(context.file, entry.key_node)};
  if (auto home = home_directory(); !home.empty()) host.known_hosts = home / ".ssh" / "known_hosts";
  const auto where = location_of(context.file, entry.placed());
  if (!entry.value.IsMap()) {
    context.diagnostics.error(
        where, fmt::format("host '{}': expected a mapping such as {{ address: localhost }}, got {}",
                           entry.key, describe(entry.value)));
    return host;
  }
  HostFieldContext fields_context{fmt::format("host '{}'", entry.key),
                                  fs::absolute(context.file).parent_path(), context};
  const auto fields = entries(entry.value);
  std::vector<const MapEntry*> read;
  for (const auto& field : fields) {
    if (field.key == "password")
      refuse_literal_password(field, fields_context);
    else if (const auto* key = find_key(field.key)) {
      if (key->read(field, fields_context, host)) read.push_back(&field);
    } else
      report_unknown_key(field, host_key_names(), fields_context.host, context);
  }
  for (const auto& key : host_keys) {
    if (key.required && !find_field(fields, key.name))
      context.diagnostics.error(where,
                                fmt::format("host '{}': missing required key '{}'", entry.key, key.name));
  }
  if (host.test_address.empty()) host.test_address = host.address;
  if (is_local_address(host.address))
    warn_unused_ssh_keys(fields, fields_context);
  else
    check_key_files(host, read, fields_context);
  return host;
}

}  // namespace

DeclaredHosts DeclaredHosts::read(const MapEntry* hosts, LoadContext& context) {
  DeclaredHosts table(false);
  if (!hosts) return table;
  table.written_ = true;
  if (hosts->value.IsNull()) return table;
  if (!hosts->value.IsMap()) {
    context.diagnostics.error(
        location_of(context.file, hosts->value),
        fmt::format("'hosts' must be a mapping of host names to hosts, got {}", describe(hosts->value)));
    return table;
  }
  for (const auto& entry : entries(hosts->value)) table.hosts_.push_back(read_host(entry, context));
  return table;
}

DeclaredHosts DeclaredHosts::implicit_localhost() { return DeclaredHosts(true); }

const HostEntry* DeclaredHosts::find(const std::string& name) const {
  auto it = std::find_if(hosts_.begin(), hosts_.end(), [&](const HostEntry& h) { return h.name == name; });
  return it == hosts_.end() ? nullptr : &*it;
}

std::optional<std::string> DeclaredHosts::check(const std::string& name, const tuna::Location& where) {
  if (find(name)) return std::nullopt;
  if (implicit_) {
    hosts_.push_back({name, "localhost", "localhost", where});
    return std::nullopt;
  }
  if (!written_) return fmt::format("undefined host '{}': the pipeline has no 'hosts' table", name);
  std::vector<std::string> names;
  for (const auto& host : hosts_) names.push_back(host.name);
  return fmt::format("undefined host '{}'{}", name, did_you_mean(name, names));
}

}  // namespace tuna::host
