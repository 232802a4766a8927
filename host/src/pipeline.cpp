#include "pipeline.hpp"

#include <fmt/format.h>

#include "pipeline_fields.hpp"
#include "pipeline_hosts.hpp"
#include "pipeline_steps.hpp"
#include "yaml_document.hpp"

namespace tuna::host {

namespace {

const std::vector<std::string> pipeline_keys{"name", "description", "repeat", "hosts", "steps"};

// The top-level mapping's fields; steps are read after the hosts table wherever the file
// puts it, since steps refer to hosts.
void read_mapping(const YAML::Node& root, const ComponentCatalog& catalog, Pipeline& pipeline,
                  LoadContext& context) {
  const auto fields = entries(root);
  const MapEntry* hosts = nullptr;
  const MapEntry* steps = nullptr;
  for (const auto& field : fields) {
    if (field.key == "name")
      pipeline.name = read_text(field, "name", context).value_or(pipeline.name);
    else if (field.key == "description")
      pipeline.description = read_text(field, "description", context).value_or("");
    else if (field.key == "repeat")
      pipeline.repeat = read_repeat(field, context).value_or(1);
    else if (field.key == "hosts")
      hosts = &field;
    else if (field.key == "steps")
      steps = &field;
    else
      report_unknown_key(field, pipeline_keys, "the pipeline", context);
  }
  auto table = DeclaredHosts::read(hosts, context);
  if (steps) {
    pipeline.steps =
        read_steps(steps->value, location_of(context.file, steps->placed()), catalog, table, context);
  } else {
    context.diagnostics.error(location_of(context.file, root), "the pipeline has no 'steps'");
  }
  pipeline.hosts = table.hosts();
}

void read_pipeline(const YAML::Node& root, const ComponentCatalog& catalog, Pipeline& pipeline,
                   LoadContext& context) {
  if (root.IsMap()) {
    read_mapping(root, catalog, pipeline, context);
  } else if (root.IsSequence()) {
    auto table = DeclaredHosts::implicit_localhost();
    pipeline.steps = read_steps(root, location_of(context.file, root), catalog, table, context);
    pipeline.hosts = table.hosts();
  } else {
    context.diagnostics.error(
        location_of(context.file, root),
        fmt::format("expected a pipeline (a mapping with 'steps') or a list of steps, got {}",
                    describe(root)));
  }
}

}  // namespace

LoadResult load_pipeline(const std::filesystem::path& file, const ComponentCatalog& catalog) {
  LoadResult result;
  auto document = read_yaml_file(file, result.diagnostics);
  result.source = document.text;
  if (document.ok) {
    Pipeline pipeline{file.stem().string(), file, document.text, {}, {}, 1, {}};
    LoadContext context{document.file, result.diagnostics};
    // yaml-cpp throws on what the checks above should have excluded, and a catalog is
    // plugin code: either way the caller gets a diagnostic, not an exception.
    try {
      read_pipeline(document.root, catalog, pipeline, context);
    } catch (const std::exception& e) {
      result.diagnostics.error({document.file, 0, 0},
                               fmt::format("internal error while validating: {}", e.what()));
    }
    if (!result.diagnostics.has_errors()) result.pipeline = std::move(pipeline);
  }
  result.diagnostics.sort_by_location();
  return result;
}

}  // namespace tuna::host
