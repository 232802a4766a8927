// Every component of every plugin on the search path, by name and alias.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline.hpp"
#include "plugin_loader.hpp"

namespace tuna::host {

struct RegisteredComponent {
  const ComponentSpec* spec;
  const LoadedPlugin* plugin;
};

class ComponentRegistry final : public ComponentCatalog {
 public:
  // Loads every plugin file in `search_path`. A file that fails to load, or a component
  // name (or alias) claimed twice, is recorded in errors() and its components skipped.
  explicit ComponentRegistry(const std::vector<std::filesystem::path>& search_path);

  const ComponentSpec* find(std::string_view name, const Alias** via_alias) const override;
  std::vector<std::string> names() const override;

  const RegisteredComponent* entry(std::string_view canonical_name) const;
  const std::vector<std::string>& errors() const { return errors_; }
  const std::vector<std::filesystem::path>& search_path() const { return search_path_; }

 private:
  void add(const LoadedPlugin& plugin);

  std::vector<std::filesystem::path> search_path_;
  std::vector<std::unique_ptr<LoadedPlugin>> plugins_;  // kept loaded until exit
  std::map<std::string, RegisteredComponent, std::less<>> components_;
  // alias -> (canonical name, the alias as declared)
  std::map<std::string, std::pair<std::string, const Alias*>, std::less<>> aliases_;
  std::vector<std::string> errors_;
};

}  // namespace tuna::host
