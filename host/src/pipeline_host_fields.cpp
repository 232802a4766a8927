#include "pipeline_host_fields.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <regex>
#include <sstream>

#include "value_parsing.hpp"

namespace tuna::host {

namespace fs = std::filesystem;

namespace {

tuna::Location value_location(const MapEntry& field, const HostFieldContext& context) {
  return location_of(context.load.file, field.placed());
}

void report(const MapEntry& field, HostFieldContext& context, std::string_view problem) {
  context.load.diagnostics.error(value_location(field, context),
                                 fmt::format("{}: {}: {}", context.host, field.key, problem));
}

// The value as `spec`'s type, with the schema's wording for type and range problems.
std::optional<tuna::Config::Scalar> read_typed(const MapEntry& field, const tuna::OptionSpec& spec,
                                               HostFieldContext& context) {
  if (!field.value.IsScalar()) {
    report(field, context, fmt::format("expected {}, got {}", type_name(spec.type), describe(field.value)));
    return std::nullopt;
  }
  auto parsed = parse_option_value(spec, field.value.Scalar());
  if (!parsed) {
    report(field, context, parsed.error());
    return std::nullopt;
  }
  return *parsed;
}

// What a shell would act on; in a word that reaches the program unchanged it is a mistake.
constexpr std::string_view shell_characters = "'\"`$;&|<>()\\*?[]{}#!~";

}  // namespace

std::optional<std::string> read_host_text(const MapEntry& field, HostFieldContext& context) {
  return read_text(field, fmt::format("{}: {}", context.host, field.key), context.load);
}

std::optional<int> read_port(const MapEntry& field, HostFieldContext& context) {
  const tuna::OptionSpec spec{
      .name = field.key, .type = tuna::OptionType::integer, .min = 1.0, .max = 65535.0};
  auto value = read_typed(field, spec, context);
  if (!value) return std::nullopt;
  return static_cast<int>(std::get<std::int64_t>(*value));
}

std::optional<fs::path> read_host_path(const MapEntry& field, HostFieldContext& context) {
  auto text = read_host_text(field, context);
  if (!text) return std::nullopt;
  if (text->starts_with("~/")) {
    auto home = home_directory();
    if (home.empty()) {
      report(field, context, "'~/' cannot be expanded: HOME is not set and the user has no home directory");
      return std::nullopt;
    }
    return (home / text->substr(2)).lexically_normal();
  }
  if (text->starts_with('~')) {
    report(field, context,
           fmt::format("only '~/' (the home directory) is expanded, not {}; write the path in full",
                       quote_text(*text)));
    return std::nullopt;
  }
  return (context.base_dir / *text).lexically_normal();
}

std::optional<std::string> read_env_name(const MapEntry& field, HostFieldContext& context) {
  auto text = read_host_text(field, context);
  if (!text) return std::nullopt;
  static const std::regex variable_name("[A-Za-z_][A-Za-z0-9_]*");
  if (!std::regex_match(*text, variable_name)) {
    // Neither the value nor its line is shown: it may be the password itself.
    context.load.diagnostics.secret_error(
        value_location(field, context),
        fmt::format("{}: {}: expected the NAME of an environment variable that holds the password (letters, "
                    "digits and '_', not starting with a digit), not the password itself",
                    context.host, field.key));
    return std::nullopt;
  }
  return text;
}

std::optional<HostKeyPolicy> read_host_key_policy(const MapEntry& field, HostFieldContext& context) {
  const tuna::OptionSpec spec{
      .name = field.key, .type = tuna::OptionType::enumeration, .allowed = {"strict", "accept-new"}};
  auto value = read_typed(field, spec, context);
  if (!value) return std::nullopt;
  return std::get<std::string>(*value) == "strict" ? HostKeyPolicy::strict : HostKeyPolicy::accept_new;
}

std::optional<double> read_host_duration(const MapEntry& field, HostFieldContext& context) {
  return read_positive_duration(field, fmt::format("{}: {}", context.host, field.key), context.load);
}

std::optional<std::vector<std::string>> read_command_words(const MapEntry& field, HostFieldContext& context) {
  auto text = read_host_text(field, context);
  if (!text) return std::nullopt;
  if (auto at = text->find_first_of(shell_characters); at != std::string::npos) {
    report(field, context,
           fmt::format("{} has '{}': the words are split at spaces and each reaches the program as it "
                       "is, not through a shell, so quotes and shell characters ({}) are not allowed",
                       quote_text(*text), (*text)[at], fmt::join(shell_characters, " ")));
    return std::nullopt;
  }
  std::vector<std::string> words;
  std::istringstream split(*text);
  for (std::string word; split >> word;) words.push_back(word);
  if (words.empty()) {
    report(field, context, fmt::format("expected words such as \"sudo -n\", got {}", quote_text(*text)));
    return std::nullopt;
  }
  return words;
}

std::optional<std::map<std::string, std::string>> read_programs(const MapEntry& field,
                                                                HostFieldContext& context) {
  if (!field.value.IsMap()) {
    report(field, context,
           fmt::format(
               "expected a mapping of tool names to programs such as {{ iperf3: /opt/bin/iperf3 }}, got {}",
               describe(field.value)));
    return std::nullopt;
  }
  std::map<std::string, std::string> programs;
  bool all_read = true;
  for (const auto& tool : entries(field.value)) {
    HostFieldContext for_tool{fmt::format("{}: {}", context.host, field.key), context.base_dir, context.load};
    if (auto program = read_host_text(tool, for_tool))
      programs[tool.key] = *program;
    else
      all_read = false;
  }
  if (!all_read) return std::nullopt;
  return programs;
}

void refuse_literal_password(const MapEntry& field, HostFieldContext& context) {
  context.load.diagnostics.secret_error(
      location_of(context.load.file, field.key_node),
      fmt::format("{}: a password in the pipeline file would be kept in the results and logs; put it in "
                  "an environment variable and name the variable with password_env (for example "
                  "password_env: DUT_PASSWORD)",
                  context.host));
}

fs::path home_directory() {
  if (const char* home = std::getenv("HOME"); home && *home) return home;
  if (const passwd* entry = getpwuid(getuid()); entry && entry->pw_dir) return entry->pw_dir;
  return {};
}

}  // namespace tuna::host
