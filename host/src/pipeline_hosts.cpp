#include "pipeline_hosts.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "suggest.hpp"

namespace tuna::host {

namespace {

// The keys a host entry may have: the one place to add one (SSH's user, port, identity...).
struct HostKey {
  std::string_view name;
  bool required;
  std::string HostEntry::*field;
};
const HostKey host_keys[] = {
    {"address", true, &HostEntry::address},
    {"test_address", false, &HostEntry::test_address},
};

std::vector<std::string> host_key_names() {
  std::vector<std::string> names;
  for (const auto& key : host_keys) names.emplace_back(key.name);
  return names;
}

// The entry even when it has problems (they are reported), so that steps naming the host
// are not reported a second time as naming an undefined one.
HostEntry read_host(const MapEntry& entry, LoadContext& context) {
  HostEntry host{entry.key, {}, {}, location_of(context.file, entry.key_node)};
  const auto where = location_of(context.file, entry.placed());
  if (!entry.value.IsMap()) {
    context.diagnostics.error(
        where, fmt::format("host '{}': expected a mapping such as {{ address: localhost }}, got {}",
                           entry.key, describe(entry.value)));
    return host;
  }
  const auto fields = entries(entry.value);
  for (const auto& field : fields) {
    auto key = std::find_if(std::begin(host_keys), std::end(host_keys),
                            [&](const HostKey& k) { return k.name == field.key; });
    if (key == std::end(host_keys)) {
      report_unknown_key(field, host_key_names(), fmt::format("host '{}'", entry.key), context);
    } else if (auto text = read_text(field, fmt::format("host '{}': {}", entry.key, field.key), context)) {
      host.*(key->field) = *text;
    }
  }
  for (const auto& key : host_keys) {
    const bool written =
        std::any_of(fields.begin(), fields.end(), [&](const MapEntry& f) { return f.key == key.name; });
    if (key.required && !written)
      context.diagnostics.error(where,
                                fmt::format("host '{}': missing required key '{}'", entry.key, key.name));
  }
  if (host.test_address.empty()) host.test_address = host.address;
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
