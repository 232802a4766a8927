// The pipeline's `hosts` table, and the check that a step names only hosts in it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "pipeline.hpp"
#include "pipeline_fields.hpp"

namespace tuna::host {

class DeclaredHosts {
 public:
  // From the `hosts` entry (nullptr: the file has no table); reports its problems.
  static DeclaredHosts read(const MapEntry* hosts, LoadContext& context);
  // For a document that is only a list of steps: every host named is {address: localhost}.
  static DeclaredHosts implicit_localhost();

  // nullopt if `name` is a host of this table, else why not; an implicit table adds it.
  std::optional<std::string> check(const std::string& name, const tuna::Location& where);

  const std::vector<HostEntry>& hosts() const { return hosts_; }

 private:
  explicit DeclaredHosts(bool implicit) : implicit_(implicit) {}
  const HostEntry* find(const std::string& name) const;

  bool implicit_;
  bool written_ = false;  // the file has a `hosts` table, possibly empty
  std::vector<HostEntry> hosts_;
};

}  // namespace tuna::host
