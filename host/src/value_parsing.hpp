// Text to typed values for every scalar option type of a schema (tuna/schema.hpp), with
// messages that say what was expected and what was found.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <tuna/config.hpp>
#include <tuna/schema.hpp>

namespace tuna::host {

// A parsed value, or why the text is not one.
template <class T>
class Parsed {
 public:
  static Parsed ok(T value) { return Parsed(std::move(value), {}); }
  static Parsed fail(std::string why) { return Parsed(std::nullopt, std::move(why)); }

  explicit operator bool() const { return value_.has_value(); }
  const T& operator*() const { return *value_; }
  const T* operator->() const { return &*value_; }
  const std::string& error() const { return error_; }

 private:
  Parsed(std::optional<T> value, std::string error) : value_(std::move(value)), error_(std::move(error)) {}
  std::optional<T> value_;
  std::string error_;
};

// Strict: the whole text must be the number ("5201x" is an error), optional leading '+'.
Parsed<std::int64_t> parse_integer(std::string_view text);
// Finite real numbers only.
Parsed<double> parse_number(std::string_view text);
// true/false, yes/no, on/off, y/n, any case.
Parsed<bool> parse_boolean(std::string_view text);
// Seconds: a number with fractions, or with a unit: "1.5s", "250ms", "2m", "1h".
Parsed<double> parse_duration(std::string_view text);
// Bytes: a number with an optional K/M/G suffix (either case), powers of 1024.
Parsed<double> parse_size(std::string_view text);
// Bits per second: a number with an optional K/M/G suffix (either case), powers of 1000.
Parsed<double> parse_bitrate(std::string_view text);
// The canonical spelling of an allowed value: an exact match, or with `prefix_match` any
// unambiguous case-insensitive prefix ("u", "Down").
Parsed<std::string> match_enumeration(std::string_view text, const std::vector<std::string>& allowed,
                                      bool prefix_match);

// `text` as a value of `option`'s type (or of its element type when `option` is a list),
// range-checked against option.min/max. Strings and host names are taken as they are;
// group and list element types that are not scalars are rejected.
Parsed<tuna::Config::Scalar> parse_option_value(const tuna::OptionSpec& option, std::string_view text);

// `text` in double quotes with escapes, shortened when long: how messages show input.
std::string quote_text(std::string_view text);

// A value in an option's base unit as messages show it: "86400 s", "1048576 bytes (1M)".
std::string with_unit(double value, tuna::OptionType type);

// A scalar value written back as text that parse_option_value reads as the same value;
// lists keep their elements this way.
std::string canonical_text(const tuna::Config::Scalar& value);

}  // namespace tuna::host
