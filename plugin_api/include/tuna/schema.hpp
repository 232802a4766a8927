// The configuration schema a component declares. One declaration drives validation
// (host), `tuna help` and `tuna example`, so nothing about an option is written twice.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace tuna {

enum class OptionType {
  string,
  integer,
  number,    // any real number
  boolean,   // true/false, yes/no, on/off (any case)
  duration,  // seconds, fractions allowed: 0.5, 2, "1.5s", "250ms"
  size,      // bytes; K/M/G suffixes are powers of 1024 (iperf's convention for -l, -w)
  bitrate,   // bits per second; K/M/G suffixes are powers of 1000 (iperf's -b)
  enumeration,  // one of `allowed`; see OptionSpec::prefix_match
  list,      // a YAML sequence of `element` values, or a single value taken as one element
  host,      // the name of an entry in the pipeline's `hosts` table
  group,     // a nested mapping validated by `children`
};

// How an option is written in help, e.g. "duration" or "enum".
inline const char* type_name(OptionType type) {
  switch (type) {
    case OptionType::string: return "string";
    case OptionType::integer: return "integer";
    case OptionType::number: return "number";
    case OptionType::boolean: return "boolean";
    case OptionType::duration: return "duration";
    case OptionType::size: return "size";
    case OptionType::bitrate: return "bitrate";
    case OptionType::enumeration: return "enum";
    case OptionType::list: return "list";
    case OptionType::host: return "host";
    case OptionType::group: return "group";
  }
  return "?";
}

struct OptionSpec {
  std::string name;
  OptionType type = OptionType::string;
  std::string description;
  // Written as the user would write it in YAML; validated like user input, so a
  // default is always a legal value. Absent: the option is simply unset.
  std::optional<std::string> default_value;
  bool required = false;
  std::vector<std::string> allowed;  // enumeration values, canonical spelling
  // enumeration only: accept any unambiguous case-insensitive prefix ("u", "Down").
  bool prefix_match = false;
  std::optional<double> min;  // inclusive, in the option's base unit (seconds, bytes, bits/s)
  std::optional<double> max;
  OptionType element = OptionType::string;  // list only
  std::vector<OptionSpec> children;         // group only
};

using Schema = std::vector<OptionSpec>;

}  // namespace tuna
