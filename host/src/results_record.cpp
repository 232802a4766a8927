#include "results_record.hpp"

#include <fmt/format.h>

namespace tuna::host {

std::string record_text(const nlohmann::ordered_json& record, const char* key) {
  const auto found = record.find(key);
  if (found == record.end() || found->is_null()) return "";
  return found->is_string() ? found->get<std::string>() : found->dump();
}

const nlohmann::ordered_json& record_metrics(const nlohmann::ordered_json& record) {
  static const nlohmann::ordered_json none = nlohmann::ordered_json::object();
  const auto found = record.find("metrics");
  return found != record.end() && found->is_object() ? *found : none;
}

std::string metric_heading(std::string_view name, std::string_view unit) {
  return unit.empty() ? std::string(name) : fmt::format("{} ({})", name, unit);
}

}  // namespace tuna::host
