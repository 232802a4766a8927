#include "component_registry.hpp"

#include <fmt/format.h>

namespace tuna::host {

ComponentRegistry::ComponentRegistry(const std::vector<std::filesystem::path>& search_path)
    : search_path_(search_path) {
  for (const auto& file : find_plugin_files(search_path_)) {
    try {
      plugins_.push_back(load_plugin(file));
      add(*plugins_.back());
    } catch (const PluginLoadError& e) {
      errors_.push_back(e.what());
    }
  }
}

void ComponentRegistry::add(const LoadedPlugin& plugin) {
  auto claimed_by = [this](std::string_view name) -> const LoadedPlugin* {
    if (auto it = components_.find(name); it != components_.end()) return it->second.plugin;
    if (auto it = aliases_.find(name); it != aliases_.end())
      return components_.find(it->second.first)->second.plugin;
    return nullptr;
  };
  for (const auto& spec : *plugin.components) {
    if (const auto* other = claimed_by(spec.name)) {
      errors_.push_back(fmt::format("component '{}' is declared by both {} and {}", spec.name,
                                    other->file.string(), plugin.file.string()));
      continue;
    }
    components_.emplace(spec.name, RegisteredComponent{&spec, &plugin});
    for (const auto& alias : spec.aliases) {
      if (const auto* other = claimed_by(alias.name)) {
        errors_.push_back(fmt::format("component name '{}' is declared by both {} and {}", alias.name,
                                      other->file.string(), plugin.file.string()));
        continue;
      }
      aliases_.emplace(alias.name, std::make_pair(spec.name, &alias));
    }
  }
}

const ComponentSpec* ComponentRegistry::find(std::string_view name, const Alias** via_alias) const {
  if (via_alias) *via_alias = nullptr;
  if (auto it = components_.find(name); it != components_.end()) return it->second.spec;
  if (auto it = aliases_.find(name); it != aliases_.end()) {
    if (via_alias) *via_alias = it->second.second;
    return components_.find(it->second.first)->second.spec;
  }
  return nullptr;
}

std::vector<std::string> ComponentRegistry::names() const {
  std::vector<std::string> names;
  for (const auto& [name, entry] : components_) names.push_back(name);
  return names;
}

const RegisteredComponent* ComponentRegistry::entry(std::string_view canonical_name) const {
  auto it = components_.find(canonical_name);
  return it == components_.end() ? nullptr : &it->second;
}

}  // namespace tuna::host
