#include "schema_validator.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "suggest.hpp"
#include "value_parsing.hpp"
#include "yaml_document.hpp"

namespace tuna::host {

namespace {

// A value of one option, or where and why it is not one.
struct CheckedValue {
  std::optional<tuna::Config::Scalar> value;
  tuna::Location where;
  std::string error;
  bool undefined_host = false;  // a well-formed host name the pipeline does not define
};

// A schema this short is listed whole when an unknown option resembles none of it.
constexpr std::size_t listable_options = 12;

class SettingsValidator {
 public:
  explicit SettingsValidator(SettingsContext& context) : context_(context) {}

  // `node` is a mapping or null; `where` is where to report what is missing from it.
  tuna::Config validate_mapping(const YAML::Node& node, const tuna::Schema& schema, const std::string& prefix,
                                const tuna::Location& where) {
    tuna::Config config;
    config.set_where(where);
    std::vector<std::string> written;  // valid or not: an invalid value is not also a missing one
    for (const auto& entry : entries(node)) {
      written.push_back(entry.key);
      auto option =
          std::find_if(schema.begin(), schema.end(), [&](const auto& o) { return o.name == entry.key; });
      if (option == schema.end()) {
        report_unknown(entry, schema, prefix);
        continue;
      }
      write(config, *option, prefix + option->name, entry);
    }
    for (const auto& option : schema) {
      if (std::find(written.begin(), written.end(), option.name) != written.end()) continue;
      const auto path = prefix + option.name;
      if (option.required) {
        context_.diagnostics.error(
            where, fmt::format("missing required option '{}' ({})", path, type_name(option.type)));
      } else if (option.default_value && option.type != OptionType::group) {
        apply_default(config, option, path, where);
      }
    }
    return config;
  }

 private:
  void report_unknown(const MapEntry& entry, const tuna::Schema& schema, const std::string& prefix) {
    std::vector<std::string> names;
    for (const auto& option : schema) names.push_back(prefix + option.name);
    const auto path = prefix + entry.key;
    auto hint = did_you_mean(path, names);
    if (hint.empty() && names.empty())
      hint = "; this takes no options";
    else if (hint.empty() && names.size() <= listable_options)
      hint = fmt::format("; the options are {}", fmt::join(names, ", "));
    context_.diagnostics.error(location_of(context_.file, entry.key_node),
                               fmt::format("unknown option '{}'{}", path, hint));
  }

  void write(tuna::Config& config, const tuna::OptionSpec& option, const std::string& path,
             const MapEntry& entry) {
    const auto& node = entry.value;
    const auto where = location_of(context_.file, entry.placed());
    if (option.type == OptionType::group) {
      if (!node.IsMap() && !node.IsNull()) {
        context_.diagnostics.error(
            where, fmt::format("option '{}': expected a mapping of options, got {}", path, describe(node)));
        return;
      }
      config.set_group(option.name, validate_mapping(node, option.children, path + ".", where));
      return;
    }
    auto checked = check_value(option, node, where);
    if (!checked.value) {
      context_.diagnostics.error(checked.where, fmt::format("option '{}': {}", path, checked.error));
      return;
    }
    config.set(option.name, std::move(*checked.value), where);
  }

  // A default that does not parse is the plugin's mistake; one naming a host the pipeline
  // lacks is the user's, reported at the block where the option could be set.
  void apply_default(tuna::Config& config, const tuna::OptionSpec& option, const std::string& path,
                     const tuna::Location& block) {
    auto checked = check_value(option, parse_default(*option.default_value), block);
    if (checked.undefined_host) {
      context_.diagnostics.error(block, fmt::format("option '{}' defaults to host '{}': {}", path,
                                                    *option.default_value, checked.error));
      return;
    }
    if (!checked.value) {
      context_.diagnostics.error(
          context_.step,
          fmt::format("component '{}' has an invalid default for option '{}' (a bug in the plugin): {}",
                      context_.component, path, checked.error));
      return;
    }
    config.set(option.name, std::move(*checked.value), tuna::Location{context_.file, 0, 0}, true);
  }

  // A default is written as the user would write it in YAML; text that is not YAML stays
  // a plain string so that the value check gives the message.
  static YAML::Node parse_default(const std::string& text) {
    if (text.empty()) return YAML::Node(text);
    try {
      return YAML::Load(text);
    } catch (const YAML::Exception&) {
      return YAML::Node(text);
    }
  }

  CheckedValue check_value(const tuna::OptionSpec& option, const YAML::Node& node,
                           const tuna::Location& where) {
    if (option.type != OptionType::list) return check_scalar(option, option.type, node, where);
    if (node.IsMap() || node.IsNull())
      return {std::nullopt, where,
              fmt::format("expected a list of {} values, got {}", type_name(option.element), describe(node))};
    std::vector<std::string> items;
    auto add = [&](const YAML::Node& item) -> std::optional<CheckedValue> {
      auto checked = check_scalar(option, option.element, item, location_of(context_.file, item));
      if (!checked.value) return checked;
      items.push_back(canonical_text(*checked.value));
      return std::nullopt;
    };
    if (node.IsScalar()) {
      if (auto failed = add(node)) return *failed;
    } else {
      for (const auto& item : node)
        if (auto failed = add(item)) return *failed;
    }
    return {tuna::Config::Scalar(std::move(items)), where, {}};
  }

  CheckedValue check_scalar(const tuna::OptionSpec& option, OptionType type, const YAML::Node& node,
                            const tuna::Location& where) {
    if (!node.IsScalar() || node.IsNull())
      return {std::nullopt, where, fmt::format("expected {}, got {}", type_name(type), describe(node))};
    auto parsed = parse_option_value(option, node.Scalar());
    if (!parsed) return {std::nullopt, where, parsed.error()};
    if (type == OptionType::host) {
      if (auto unknown = context_.check_host(node.Scalar(), where))
        return {std::nullopt, where, *unknown, true};
    }
    return {*parsed, where, {}};
  }

  SettingsContext& context_;
};

}  // namespace

tuna::Config validate_settings(const MapEntry* settings, const tuna::Schema& schema,
                               SettingsContext& context) {
  if (!settings) return SettingsValidator(context).validate_mapping(YAML::Node(), schema, "", context.step);
  const auto where = location_of(context.file, settings->placed());
  if (!settings->value.IsMap() && !settings->value.IsNull()) {
    context.diagnostics.error(
        where, fmt::format("'settings' must be a mapping of options, got {}", describe(settings->value)));
    return {};
  }
  return SettingsValidator(context).validate_mapping(settings->value, schema, "", where);
}

}  // namespace tuna::host
