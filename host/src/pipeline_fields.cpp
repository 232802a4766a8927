#include "pipeline_fields.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <limits>

#include "suggest.hpp"
#include "value_parsing.hpp"

namespace tuna::host {

void report_unknown_key(const MapEntry& entry, const std::vector<std::string>& known,
                        std::string_view where_found, LoadContext& context) {
  auto hint = did_you_mean(entry.key, known);
  if (hint.empty()) hint = fmt::format("; the keys are {}", fmt::join(known, ", "));
  context.diagnostics.error(location_of(context.file, entry.key_node),
                            fmt::format("unknown key '{}' in {}{}", entry.key, where_found, hint));
}

std::optional<std::string> read_text(const MapEntry& field, std::string_view what, LoadContext& context) {
  const auto& node = field.value;
  if (!node.IsScalar() || node.Scalar().empty()) {
    context.diagnostics.error(location_of(context.file, field.placed()),
                              fmt::format("{}: expected text, got {}", what, describe(node)));
    return std::nullopt;
  }
  return node.Scalar();
}

std::optional<int> read_repeat(const MapEntry& field, LoadContext& context) {
  const auto& node = field.value;
  const auto where = location_of(context.file, field.placed());
  if (!node.IsScalar()) {
    context.diagnostics.error(where, fmt::format("repeat: expected integer, got {}", describe(node)));
    return std::nullopt;
  }
  auto count = parse_integer(node.Scalar());
  if (!count) {
    context.diagnostics.error(where, fmt::format("repeat: {}", count.error()));
    return std::nullopt;
  }
  if (*count < 1 || *count > std::numeric_limits<int>::max()) {
    const auto limit =
        *count < 1 ? std::string("at least 1") : fmt::format("at most {}", std::numeric_limits<int>::max());
    context.diagnostics.error(where, fmt::format("repeat: {} is out of range: must be {}", *count, limit));
    return std::nullopt;
  }
  return static_cast<int>(*count);
}

std::optional<double> read_positive_duration(const MapEntry& field, std::string_view what,
                                             LoadContext& context) {
  const auto& node = field.value;
  const auto where = location_of(context.file, field.placed());
  if (!node.IsScalar()) {
    context.diagnostics.error(where, fmt::format("{}: expected duration, got {}", what, describe(node)));
    return std::nullopt;
  }
  auto seconds = parse_duration(node.Scalar());
  if (!seconds) {
    context.diagnostics.error(where, fmt::format("{}: {}", what, seconds.error()));
    return std::nullopt;
  }
  if (*seconds <= 0) {
    context.diagnostics.error(
        where, fmt::format("{}: {} is out of range: must be more than 0 s", what, quote_text(node.Scalar())));
    return std::nullopt;
  }
  return *seconds;
}

}  // namespace tuna::host
