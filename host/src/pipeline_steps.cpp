#include "pipeline_steps.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <map>
#include <tuple>

#include "pipeline_sweep.hpp"
#include "schema_validator.hpp"
#include "suggest.hpp"
#include "value_parsing.hpp"

namespace tuna::host {

std::string unknown_component_message(std::string_view name, const ComponentCatalog& catalog) {
  const auto known = catalog.names();
  return fmt::format("unknown component '{}'{} (known components: {})", name, did_you_mean(name, known),
                     fmt::join(known, ", "));
}

namespace {

const std::vector<std::string> step_keys{"name",        "component", "settings",   "repeat", "timeout",
                                         "description", "expect",    "on_failure", "sweep"};

const tuna::ComponentSpec* find_component(const MapEntry& field, const ComponentCatalog& catalog,
                                          LoadContext& context) {
  auto name = read_text(field, "component", context);
  if (!name) return nullptr;
  const auto where = location_of(context.file, field.value);
  const tuna::Alias* alias = nullptr;
  const auto* spec = catalog.find(*name, &alias);
  if (!spec) {
    context.diagnostics.error(where, unknown_component_message(*name, catalog));
    return nullptr;
  }
  if (alias && alias->deprecated)
    context.diagnostics.warning(where,
                                fmt::format("component '{}' is deprecated; use '{}'", *name, spec->name));
  return spec;
}

// The rules that span several options, only for settings the schema passed: on settings
// with schema errors they would report consequences of those errors.
void check_representation(const tuna::ComponentSpec& spec, const tuna::Config& settings,
                          LoadContext& context) {
  if (!spec.check_rep) return;
  try {
    for (const auto& problem : spec.check_rep(settings)) {
      auto where = settings.location(problem.path);
      if (where.file.empty()) where.file = context.file;
      context.diagnostics.error(std::move(where), problem.message);
    }
  } catch (const std::exception& e) {
    context.diagnostics.error(
        settings.where(),
        fmt::format("component '{}' failed while checking its settings: {}", spec.name, e.what()));
  }
}

class StepReader {
 public:
  StepReader(const ComponentCatalog& catalog, DeclaredHosts& hosts, LoadContext& context)
      : catalog_(catalog), hosts_(hosts), context_(context) {}

  // The step, or one step per combination of its `sweep:` values.
  std::vector<StepEntry> read(const YAML::Node& node) {
    StepEntry step{{}, nullptr, {}, 1, std::nullopt, location_of(context_.file, node), {}};
    if (!node.IsMap()) {
      context_.diagnostics.error(
          step.where,
          fmt::format("a step must be a mapping with 'name' and 'component', got {}", describe(node)));
      return {step};
    }
    const auto fields = entries(node);
    const MapEntry* settings = nullptr;
    const MapEntry* sweep = nullptr;
    for (const auto& field : fields) {
      if (field.key == "name")
        read_name(field, step);
      else if (field.key == "component")
        step.spec = find_component(field, catalog_, context_);
      else if (field.key == "settings")
        settings = &field;
      else if (field.key == "repeat")
        step.repeat = read_repeat(field, context_).value_or(1);
      else if (field.key == "timeout")
        step.timeout_seconds = read_positive_duration(field, "timeout", context_);
      else if (field.key == "description")
        step.description = read_text(field, "description", context_).value_or("");
      else if (field.key == "expect")
        read_expectations(field, step);
      else if (field.key == "on_failure")
        read_on_failure(field, step);
      else if (field.key == "sweep")
        sweep = &field;
      else
        report_unknown_key(field, step_keys, "a step", context_);
    }
    for (const auto* required : {"name", "component"}) {
      if (std::none_of(fields.begin(), fields.end(), [&](const MapEntry& f) { return f.key == required; }))
        context_.diagnostics.error(step.where, fmt::format("the step has no '{}'", required));
    }
    if (!step.spec) return {step};
    if (!sweep) {
      read_settings(settings, step);
      return {step};
    }
    return read_swept(settings, *sweep, step);
  }

 private:
  void read_name(const MapEntry& field, StepEntry& step) {
    auto name = read_text(field, "step name", context_);
    if (!name) return;
    step.name = *name;
    const auto where = location_of(context_.file, field.value);
    auto [first, inserted] = first_use_.emplace(*name, where);
    if (!inserted)
      context_.diagnostics.error(
          where, fmt::format("duplicate step name '{}' (first used at line {})", *name, first->second.line));
  }

  void read_expectations(const MapEntry& field, StepEntry& step) {
    if (!field.value.IsMap()) {
      context_.diagnostics.error(
          location_of(context_.file, field.placed()),
          fmt::format(
              "expect: expected a mapping of metrics to comparisons such as {{ bandwidth_mbps: \">= 40\" }}, "
              "got {}",
              describe(field.value)));
      return;
    }
    for (const auto& entry : entries(field.value)) {
      const auto what = fmt::format("expect '{}'", entry.key);
      const auto text = read_text(entry, what, context_);
      if (!text) continue;
      auto expectation = parse_expectation(entry.key, *text);
      if (expectation)
        step.expectations.push_back(*expectation);
      else
        context_.diagnostics.error(location_of(context_.file, entry.value),
                                   fmt::format("{}: {}", what, expectation.error()));
    }
  }

  void read_on_failure(const MapEntry& field, StepEntry& step) {
    const auto text = read_text(field, "on_failure", context_);
    if (!text) return;
    const auto choice = match_enumeration(*text, {"stop", "continue"}, false);
    if (choice)
      step.continue_on_failure = *choice == "continue";
    else
      context_.diagnostics.error(location_of(context_.file, field.value),
                                 fmt::format("on_failure: {}", choice.error()));
  }

  SettingsContext settings_context(const StepEntry& step) {
    return {
        context_.file, step.spec->name, step.where,
        [this](const std::string& name, const tuna::Location& where) { return hosts_.check(name, where); },
        context_.diagnostics};
  }

  void read_settings(const MapEntry* settings, StepEntry& step) {
    auto settings_context = this->settings_context(step);
    const auto before = context_.diagnostics.error_count();
    step.settings = validate_settings(settings, step.spec->schema, settings_context);
    if (context_.diagnostics.error_count() == before)
      check_representation(*step.spec, step.settings, context_);
  }

  std::vector<StepEntry> read_swept(const MapEntry* settings, const MapEntry& sweep, StepEntry& step) {
    // The step's own settings need not hold what the sweep gives.
    auto relaxed = step.spec->schema;
    for (const auto& name : swept_options(sweep))
      for (auto& option : relaxed)
        if (option.name == name) option.required = false;
    auto settings_context = this->settings_context(step);
    const auto before = context_.diagnostics.error_count();
    step.settings = validate_settings(settings, relaxed, settings_context);
    auto variants = expand_sweep(sweep, step, settings_context);
    if (context_.diagnostics.error_count() != before) return {step};
    // Every combination through check_rep; each problem is reported once, saying which
    // combinations have it unless all do.
    std::map<std::tuple<int, int, std::string>, std::pair<tuna::Location, std::vector<std::string>>> problems;
    for (const auto& variant : variants) {
      Diagnostics found;
      LoadContext variant_context{context_.file, found};
      check_representation(*step.spec, variant.settings, variant_context);
      for (const auto& d : found.all()) {
        auto& [where, names] = problems[{d.where.line, d.where.column, d.message}];
        where = d.where;
        names.push_back(variant.name);
      }
    }
    for (const auto& [key, problem] : problems) {
      const auto& [where, names] = problem;
      const auto& message = std::get<2>(key);
      context_.diagnostics.error(where, names.size() == variants.size()
                                            ? message
                                            : fmt::format("{} (in {})", message, fmt::join(names, ", ")));
    }
    return variants;
  }

  const ComponentCatalog& catalog_;
  DeclaredHosts& hosts_;
  LoadContext& context_;
  std::map<std::string, tuna::Location> first_use_;
};

}  // namespace

std::vector<StepEntry> read_steps(const YAML::Node& steps, const tuna::Location& where,
                                  const ComponentCatalog& catalog, DeclaredHosts& hosts,
                                  LoadContext& context) {
  std::vector<StepEntry> result;
  if (!steps.IsSequence()) {
    context.diagnostics.error(where, fmt::format("'steps' must be a list of steps, got {}", describe(steps)));
    return result;
  }
  if (steps.size() == 0) {
    context.diagnostics.error(where, "the pipeline has no steps");
    return result;
  }
  StepReader reader(catalog, hosts, context);
  for (const auto& node : steps)
    for (auto& step : reader.read(node)) result.push_back(std::move(step));
  return result;
}

}  // namespace tuna::host
