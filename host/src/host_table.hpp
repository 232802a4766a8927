// The pipeline's hosts as tuna::Host objects, made once per run and shared by its steps.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <tuna/host.hpp>
#include <vector>

#include "pipeline.hpp"

namespace tuna::host {

// A host that cannot be reached or set up: an infrastructure error (exit 3).
struct HostError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Whether an address means "this machine": its commands then run as local child processes.
bool is_local_address(std::string_view address);

class HostTable {
 public:
  // Local hosts run child processes; the others are reached over SSH when first used.
  explicit HostTable(const std::vector<HostEntry>& entries);
  // Throws HostError for a name not in the table (validation makes that unreachable).
  Host& get(std::string_view name);
  // Reaches the host now rather than at its first command; says how it is reached.
  // Throws HostError when it cannot be reached.
  std::string connect(std::string_view name);

 private:
  std::map<std::string, std::unique_ptr<Host>, std::less<>> hosts_;
};

}  // namespace tuna::host
