#include "component/settings.hpp"

#include <variant>

namespace tuna::iperf {

const char* side_name(Side side) { return side == Side::client ? "client" : "server"; }

const char* direction_name(Direction direction) {
  return direction == Direction::upstream ? "upstream" : "downstream";
}

const char* side_group(Side side) { return side == Side::client ? "on_client" : "on_server"; }

std::vector<Direction> directions(const tuna::Config& settings) {
  const auto& chosen = settings.string("direction");
  if (chosen == "upstream") return {Direction::upstream};
  if (chosen == "downstream") return {Direction::downstream};
  return {Direction::upstream, Direction::downstream};
}

const tuna::Config::Entry* side_entry(const tuna::Config& settings, Side side, std::string_view name) {
  const auto& group = settings.group(side_group(side));
  if (group.has(name)) return &group.entry(name);
  return settings.has(name) ? &settings.entry(name) : nullptr;
}

bool written_for(const tuna::Config& settings, Side side, std::string_view name) {
  return settings.written(name) || settings.group(side_group(side)).written(name);
}

double test_seconds(const tuna::Config& settings) {
  const auto* time = side_entry(settings, Side::client, "time");
  return time ? std::get<double>(time->value) : 0.0;
}

bool side_flag(const tuna::Config& settings, Side side, std::string_view name) {
  const auto* entry = side_entry(settings, side, name);
  const auto* value = entry ? std::get_if<bool>(&entry->value) : nullptr;
  return value && *value;
}

std::optional<Tool> tool_from_name(std::string_view name) {
  if (name == "iperf3") return Tool::iperf3;
  if (name == "iperf2") return Tool::iperf2;
  return std::nullopt;
}

std::vector<Tool> tool_candidates(const tuna::Config& settings) {
  if (auto tool = tool_from_name(settings.string("tool"))) return {*tool};
  return {Tool::iperf3, Tool::iperf2};
}

}  // namespace tuna::iperf
