#include "help_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <sstream>

#include "console.hpp"

namespace tuna::host {
namespace {

constexpr std::size_t line_width = 110;

std::string unit_of(OptionType type) {
  switch (type) {
    case OptionType::duration:
      return " s";
    case OptionType::size:
      return " bytes";
    case OptionType::bitrate:
      return " bits/s";
    default:
      return "";
  }
}

std::string allowed_text(const OptionSpec& option) {
  if (!option.allowed.empty()) {
    std::string text;
    for (const auto& value : option.allowed) text += (text.empty() ? "" : "|") + value;
    return option.prefix_match ? text + " (or a prefix)" : text;
  }
  if (option.min && option.max)
    return fmt::format("{:g} .. {:g}{}", *option.min, *option.max, unit_of(option.type));
  if (option.min) return fmt::format(">= {:g}{}", *option.min, unit_of(option.type));
  if (option.max) return fmt::format("<= {:g}{}", *option.max, unit_of(option.type));
  if (option.type == OptionType::list) return fmt::format("list of {}", type_name(option.element));
  return "";
}

struct Row {
  std::string name, type, default_text, allowed, description;
};

bool same_option(const OptionSpec& a, const OptionSpec& b) {
  return a.name == b.name && a.type == b.type && a.description == b.description &&
         allowed_text(a) == allowed_text(b);
}

// A group's options that repeat one of the enclosing schema's exactly are named in the
// group's row, not listed again: iperf's per-side groups would otherwise double the table.
void collect_rows(const Schema& schema, const std::string& prefix, std::vector<Row>& rows) {
  for (const auto& option : schema) {
    if (option.type == OptionType::group) {
      std::vector<std::string> repeated;
      Schema own;
      for (const auto& child : option.children) {
        const bool repeats =
            std::ranges::any_of(schema, [&](const auto& o) { return same_option(o, child); });
        if (repeats)
          repeated.push_back(child.name);
        else
          own.push_back(child);
      }
      auto description = option.description;
      if (!repeated.empty()) description += fmt::format(". Takes, as above: {}", fmt::join(repeated, ", "));
      rows.push_back({prefix + option.name + ":", "group", "", "", description});
      collect_rows(own, prefix + option.name + ".", rows);
      continue;
    }
    rows.push_back({prefix + option.name, type_name(option.type),
                    option.required ? "(required)" : option.default_value.value_or("-"), allowed_text(option),
                    option.description});
  }
}

// Words of `text` on lines of at most `width`, every line after the first indented.
std::string wrap(const std::string& text, std::size_t width, std::size_t indent) {
  std::istringstream words(text);
  std::string out, line;
  for (std::string word; words >> word;) {
    if (!line.empty() && line.size() + 1 + word.size() > width) {
      out += line + "\n" + std::string(indent, ' ');
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
  }
  return out + line;
}

std::string options_table(const Schema& schema, bool colour) {
  std::vector<Row> rows;
  collect_rows(schema, "", rows);
  Row heading{"OPTION", "TYPE", "DEFAULT", "ALLOWED", "DESCRIPTION"};
  std::size_t w[4] = {heading.name.size(), heading.type.size(), heading.default_text.size(),
                      heading.allowed.size()};
  for (const auto& r : rows) {
    w[0] = std::max(w[0], r.name.size());
    w[1] = std::max(w[1], r.type.size());
    w[2] = std::max(w[2], r.default_text.size());
    w[3] = std::max(w[3], std::min<std::size_t>(r.allowed.size(), 24));
  }
  const std::size_t indent = 2 + w[0] + w[1] + w[2] + w[3] + 8;
  const std::size_t description_width = std::max<std::size_t>(line_width - std::min(indent, line_width), 40);
  auto format_row = [&](const Row& r) {
    // An allowed-values text wider than its column pushes the description to the next line.
    const auto gap = r.allowed.size() > w[3] ? "\n" + std::string(indent, ' ') : std::string("  ");
    return fmt::format("  {:<{}}  {:<{}}  {:<{}}  {:<{}}{}{}\n", r.name, w[0], r.type, w[1], r.default_text,
                       w[2], r.allowed, w[3], gap, wrap(r.description, description_width, indent));
  };
  std::string out = paint(colour, fmt::emphasis::bold, format_row(heading));
  for (const auto& r : rows) out += format_row(r);
  return out;
}

std::string indent_block(const std::string& text, const std::string& by) {
  std::istringstream lines(text);
  std::string out;
  for (std::string line; std::getline(lines, line);) out += by + line + "\n";
  return out;
}

std::string aliases_text(const ComponentSpec& spec) {
  std::string text;
  for (const auto& alias : spec.aliases)
    text += (text.empty() ? "" : ", ") + alias.name + (alias.deprecated ? " (deprecated)" : "");
  return text;
}

std::string provenance(const LoadedPlugin& plugin) {
  return fmt::format("{} ({} {}, plugin ABI {})", plugin.file.string(), plugin.descriptor->plugin_name,
                     plugin.descriptor->plugin_version, plugin.descriptor->abi_version);
}

}  // namespace

std::string component_help(const RegisteredComponent& component, bool colour) {
  const auto& spec = *component.spec;
  auto heading = [colour](std::string_view text) { return paint(colour, fmt::emphasis::bold, text) + "\n"; };
  std::string out = paint(colour, fmt::emphasis::bold, spec.name) + " - " + spec.summary + "\n\n";
  if (!spec.aliases.empty()) out += "  aliases: " + aliases_text(spec) + "\n";
  out += "  plugin:  " + provenance(*component.plugin) + "\n\n";
  out += heading("DESCRIPTION");
  std::istringstream paragraphs(spec.description);
  for (std::string paragraph; std::getline(paragraphs, paragraph);)
    out += paragraph.empty() ? "\n" : "  " + wrap(paragraph, line_width - 2, 2) + "\n";
  out += "\n" + heading("OPTIONS (under settings:)") + options_table(spec.schema, colour);
  out += "\n" + heading("EXAMPLE (tuna example " + spec.name + ")") + indent_block(spec.example, "  ");
  return out;
}

std::string component_list(const ComponentRegistry& registry, bool colour) {
  std::size_t width = 0;
  for (const auto& name : registry.names()) width = std::max(width, name.size());
  std::string out;
  for (const auto& name : registry.names()) {
    const auto* entry = registry.entry(name);
    out += fmt::format("{}  {}\n", paint(colour, fmt::emphasis::bold, fmt::format("{:<{}}", name, width)),
                       entry->spec->summary);
    if (!entry->spec->aliases.empty())
      out += fmt::format("{:<{}}  aliases: {}\n", "", width, aliases_text(*entry->spec));
    out += fmt::format("{:<{}}  from {}\n", "", width, provenance(*entry->plugin));
  }
  return out;
}

nlohmann::ordered_json component_list_json(const ComponentRegistry& registry) {
  auto list = nlohmann::ordered_json::array();
  for (const auto& name : registry.names()) {
    const auto* entry = registry.entry(name);
    auto aliases = nlohmann::ordered_json::array();
    for (const auto& alias : entry->spec->aliases)
      aliases.push_back({{"name", alias.name}, {"deprecated", alias.deprecated}});
    list.push_back({{"name", name},
                    {"summary", entry->spec->summary},
                    {"aliases", aliases},
                    {"plugin", entry->plugin->file.string()},
                    {"plugin_name", entry->plugin->descriptor->plugin_name},
                    {"plugin_version", entry->plugin->descriptor->plugin_version},
                    {"abi_version", entry->plugin->descriptor->abi_version}});
  }
  return list;
}

}  // namespace tuna::host
