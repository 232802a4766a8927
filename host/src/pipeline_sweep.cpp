#include "pipeline_sweep.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "suggest.hpp"

namespace tuna::host {

namespace {

// One swept value, validated: what goes into the settings, and how it is shown.
struct SweptValue {
  tuna::Config::Entry entry;
  std::string text;
};

struct Axis {
  std::string option;
  std::vector<SweptValue> values;
};

// The option of `schema` that can be swept (a top-level value, not a group), else null
// after reporting why.
const tuna::OptionSpec* sweepable(const MapEntry& field, const tuna::Schema& schema,
                                  SettingsContext& context) {
  const auto where = location_of(context.file, field.key_node);
  const auto found =
      std::ranges::find_if(schema, [&](const auto& option) { return option.name == field.key; });
  if (found == schema.end()) {
    std::vector<std::string> names;
    for (const auto& option : schema) names.push_back(option.name);
    context.diagnostics.error(
        where, fmt::format("sweep: unknown option '{}'{}", field.key, did_you_mean(field.key, names)));
    return nullptr;
  }
  if (found->type == tuna::OptionType::group) {
    context.diagnostics.error(where,
                              fmt::format("sweep: '{}' is a group of options; sweep its options one by one "
                                          "in the step's own settings instead",
                                          field.key));
    return nullptr;
  }
  return &*found;
}

std::optional<Axis> read_axis(const MapEntry& field, const tuna::OptionSpec& spec, SettingsContext& context) {
  if (!field.value.IsSequence() || field.value.size() == 0) {
    context.diagnostics.error(location_of(context.file, field.placed()),
                              fmt::format("sweep: '{}' needs a list of values such as [1, 4, 8], got {}",
                                          field.key, describe(field.value)));
    return std::nullopt;
  }
  Axis axis{field.key, {}};
  auto one_option = spec;
  one_option.required = true;
  one_option.default_value.reset();
  const auto before = context.diagnostics.error_count();
  for (const auto& item : field.value) {
    const YAML::Node& element = item;  // a sequence's items are nodes
    // Each value is validated as a setting of its own, where it is written.
    YAML::Node alone(YAML::NodeType::Map);
    alone.force_insert(field.key_node, element);
    const MapEntry as_settings{"sweep", field.key_node, alone};
    const auto config = validate_settings(&as_settings, {one_option}, context);
    if (config.entries().contains(field.key))
      axis.values.push_back(
          {config.entry(field.key), element.IsScalar() ? element.Scalar() : describe(element)});
  }
  if (context.diagnostics.error_count() != before) return std::nullopt;
  return axis;
}

}  // namespace

std::vector<std::string> swept_options(const MapEntry& sweep) {
  std::vector<std::string> names;
  if (sweep.value.IsMap())
    for (const auto& field : entries(sweep.value)) names.push_back(field.key);
  return names;
}

std::vector<StepEntry> expand_sweep(const MapEntry& sweep, const StepEntry& base, SettingsContext& context) {
  if (!sweep.value.IsMap()) {
    context.diagnostics.error(location_of(context.file, sweep.placed()),
                              fmt::format("sweep: expected a mapping of options to lists of values such as "
                                          "{{ parallel: [1, 4, 8] }}, got {}",
                                          describe(sweep.value)));
    return {};
  }
  std::vector<Axis> axes;
  bool all_read = true;
  for (const auto& field : entries(sweep.value)) {
    const auto* spec = sweepable(field, base.spec->schema, context);
    auto axis = spec ? read_axis(field, *spec, context) : std::nullopt;
    if (axis)
      axes.push_back(std::move(*axis));
    else
      all_read = false;
  }
  if (!all_read || axes.empty()) return {};

  std::vector<StepEntry> variants{base};
  for (const auto& axis : axes) {
    std::vector<StepEntry> grown;
    for (const auto& variant : variants) {
      for (const auto& value : axis.values) {
        auto next = variant;
        next.settings.set(axis.option, value.entry.value, value.entry.where);
        next.parameters.emplace_back(axis.option, value.text);
        grown.push_back(std::move(next));
      }
    }
    variants = std::move(grown);
  }
  for (auto& variant : variants) {
    std::vector<std::string> shown;
    for (const auto& [option, text] : variant.parameters) shown.push_back(option + "=" + text);
    variant.name = fmt::format("{}[{}]", base.name, fmt::join(shown, ","));
  }
  return variants;
}

}  // namespace tuna::host
