#include "yaml_document.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <set>
#include <system_error>

#include <fmt/format.h>

#include <tuna/support/utf8.hpp>

#include "pipeline_text_checks.hpp"
#include "value_parsing.hpp"

namespace tuna::host {

namespace {

tuna::Location file_only(const std::string& file) { return {file, 0, 0}; }

// The whole file, or nullopt after reporting why it cannot be had. Reads at most one byte
// past the limit, so that neither a huge file nor an endless device is read to the end.
std::optional<std::string> read_text(const std::filesystem::path& path, const std::string& file,
                                     Diagnostics& diagnostics, const YamlLimits& limits) {
  std::error_code error;
  const auto status = std::filesystem::status(path, error);
  if (status.type() == std::filesystem::file_type::not_found) {
    diagnostics.error(file_only(file), "no such file");
    return std::nullopt;
  }
  if (status.type() == std::filesystem::file_type::directory) {
    diagnostics.error(file_only(file), "is a directory, not a pipeline file");
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    diagnostics.error(file_only(file), fmt::format("cannot read the file: {}", std::strerror(errno)));
    return std::nullopt;
  }
  std::string text(static_cast<std::size_t>(limits.max_bytes) + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (in.bad()) {
    diagnostics.error(file_only(file), fmt::format("cannot read the file: {}", std::strerror(errno)));
    return std::nullopt;
  }
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > limits.max_bytes) {
    diagnostics.error(
        file_only(file),
        fmt::format("the file is too large: a pipeline file may have at most {} bytes", limits.max_bytes));
    return std::nullopt;
  }
  return text;
}

// False after reporting a file that is not UTF-8 text.
bool is_text(const std::string& file, std::string_view text, Diagnostics& diagnostics) {
  auto report = [&](std::size_t offset, std::string message) {
    auto [line, column] = position_of(text, offset);
    diagnostics.error({file, line, column}, std::move(message));
  };
  if (auto nul = text.find('\0'); nul != std::string_view::npos) {
    report(nul, "this is a binary file (it has a NUL byte), not a YAML pipeline");
    return false;
  }
  if (auto bad = support::first_invalid_utf8(text)) {
    report(*bad, fmt::format("the file is not UTF-8 text (byte 0x{:02X} here)",
                             static_cast<unsigned char>(text[*bad])));
    return false;
  }
  return true;
}

// Visits every node once per path that reaches it, the way later stages will; reports
// duplicate and non-scalar keys, and stops at the limits an alias can otherwise defeat
// (yaml-cpp shares aliased nodes, so a bomb or a self-containing anchor is cheap to load
// and endless to walk).
class NodeWalker {
 public:
  NodeWalker(const std::string& file, Diagnostics& diagnostics, const YamlLimits& limits)
      : file_(file), diagnostics_(diagnostics), limits_(limits) {}

  bool walk(const YAML::Node& node, int depth) {
    if (++visited_ > limits_.max_nodes) {
      return stop(node, fmt::format("the document has more than {} nodes, counting each use of an alias "
                                    "(an alias bomb?); a pipeline is far smaller",
                                    limits_.max_nodes));
    }
    if (depth > limits_.max_depth) {
      return stop(node,
                  fmt::format("the document nests more than {} levels deep (an alias that contains itself?)",
                              limits_.max_depth));
    }
    if (node.IsSequence()) {
      for (const auto& item : node)
        if (!walk(item, depth + 1)) return false;
    } else if (node.IsMap()) {
      std::set<std::string, std::less<>> seen;
      for (auto it = node.begin(); it != node.end(); ++it) {
        const YAML::Node key = it->first;
        const YAML::Node value = it->second;
        check_key(key, seen);
        if (!walk(key, depth + 1) || !walk(value, depth + 1)) return false;
      }
    }
    return true;
  }

 private:
  void check_key(const YAML::Node& key, std::set<std::string, std::less<>>& seen) {
    if (!key.IsScalar()) {
      diagnostics_.error(location_of(file_, key),
                         fmt::format("a key must be a plain value, not {}", describe(key)));
    } else if (!seen.insert(key.Scalar()).second) {
      diagnostics_.error(location_of(file_, key),
                         fmt::format("duplicate key '{}' (only the first would count)", key.Scalar()));
    }
  }

  bool stop(const YAML::Node& node, std::string message) {
    diagnostics_.error(location_of(file_, node), std::move(message));
    return false;
  }

  const std::string& file_;
  Diagnostics& diagnostics_;
  const YamlLimits& limits_;
  std::size_t visited_ = 0;
};

}  // namespace

YamlDocument parse_yaml_text(std::string file, std::string text, Diagnostics& diagnostics,
                             const YamlLimits& limits) {
  YamlDocument document{std::move(file), {}, {}, false};
  if (!is_text(document.file, text, diagnostics)) return document;
  document.text = std::move(text);
  if (auto nesting = deepest_nesting(document.text, limits.max_depth); nesting.depth > limits.max_depth) {
    diagnostics.error({document.file, nesting.line, 1},
                      fmt::format("the document nests more than {} levels deep", limits.max_depth));
    return document;
  }
  try {
    document.root = YAML::Load(document.text);
  } catch (const YAML::ParserException& e) {
    diagnostics.error({document.file, e.mark.line + 1, e.mark.column + 1},
                      fmt::format("YAML syntax: {}", e.msg));
    return document;
  } catch (const YAML::Exception& e) {
    diagnostics.error(file_only(document.file), fmt::format("YAML: {}", e.what()));
    return document;
  }
  if (document.root.IsNull()) {
    diagnostics.error(file_only(document.file), "the file is empty: it has no YAML document");
    return document;
  }
  // Duplicate keys do not stop validation, so that one pass reports everything.
  document.ok = NodeWalker(document.file, diagnostics, limits).walk(document.root, 1);
  return document;
}

YamlDocument read_yaml_file(const std::filesystem::path& path, Diagnostics& diagnostics,
                            const YamlLimits& limits) {
  auto file = path.string();
  auto text = read_text(path, file, diagnostics, limits);
  if (!text) return YamlDocument{file, {}, {}, false};
  return parse_yaml_text(std::move(file), std::move(*text), diagnostics, limits);
}

tuna::Location location_of(const std::string& file, const YAML::Node& node) {
  if (!node.IsDefined()) return file_only(file);
  const auto mark = node.Mark();
  if (mark.is_null() || mark.line < 0) return file_only(file);
  return {file, mark.line + 1, mark.column + 1};
}

std::vector<MapEntry> entries(const YAML::Node& mapping) {
  std::vector<MapEntry> result;
  if (!mapping.IsMap()) return result;
  std::set<std::string, std::less<>> seen;
  for (auto it = mapping.begin(); it != mapping.end(); ++it) {
    const YAML::Node key = it->first;
    if (!key.IsScalar() || !seen.insert(key.Scalar()).second) continue;
    result.push_back({key.Scalar(), key, it->second});
  }
  return result;
}

std::string describe(const YAML::Node& node) {
  if (!node.IsDefined() || node.IsNull()) return "nothing";
  if (node.IsMap()) return "a mapping";
  if (node.IsSequence()) return "a sequence";
  return quote_text(node.Scalar());
}

}  // namespace tuna::host
