#include "value_parsing.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <utility>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "suggest.hpp"

namespace tuna::host {

namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::string got(std::string_view expected, std::string_view text) {
  return fmt::format("expected {}, got {}", expected, quote_text(text));
}

// std::from_chars does not take the '+' that YAML allows.
std::string_view without_plus(std::string_view text) {
  return text.size() > 1 && text.front() == '+' && text[1] != '-' && text[1] != '+' ? text.substr(1) : text;
}

// A number followed by a unit suffix from `units` (or none); nullopt if not of that shape.
template <std::size_t N>
std::optional<double> number_with_unit(std::string_view text,
                                       const std::array<std::pair<std::string_view, double>, N>& units,
                                       bool any_case) {
  for (const auto& [suffix, factor] : units) {
    if (text.size() <= suffix.size()) continue;
    auto tail = text.substr(text.size() - suffix.size());
    if (!(any_case ? iequals(tail, suffix) : tail == suffix)) continue;
    auto number = parse_number(text.substr(0, text.size() - suffix.size()));
    if (number) return *number * factor;
  }
  auto number = parse_number(text);
  return number ? std::optional<double>(*number) : std::nullopt;
}

Parsed<double> non_negative(std::optional<double> value, std::string_view expected, std::string_view text) {
  if (!value) return Parsed<double>::fail(got(expected, text));
  if (*value < 0)
    return Parsed<double>::fail(fmt::format("{} must not be negative, got {}", expected, quote_text(text)));
  return Parsed<double>::ok(*value);
}

// "1M" for 1048576 bytes: the form the user most likely wrote, when there is an exact one.
std::string suffixed(double value, double base) {
  constexpr std::array<char, 3> suffixes{'K', 'M', 'G'};
  std::string best;
  double scale = 1;
  for (char suffix : suffixes) {
    scale *= base;
    if (value >= scale && std::fmod(value, scale) == 0) best = fmt::format("{}{}", value / scale, suffix);
  }
  return best;
}

std::optional<double> numeric(const tuna::Config::Scalar& value) {
  if (auto i = std::get_if<std::int64_t>(&value)) return static_cast<double>(*i);
  if (auto d = std::get_if<double>(&value)) return *d;
  return std::nullopt;
}

std::string out_of_range(const tuna::OptionSpec& option, OptionType type, double value,
                         std::string_view text) {
  auto shown = with_unit(value, type);
  auto what =
      fmt::format("{}", value) == text ? std::string(text) : fmt::format("{} ({})", quote_text(text), shown);
  if (option.min && option.max)
    return fmt::format("{} is out of range: must be between {} and {}", what, with_unit(*option.min, type),
                       with_unit(*option.max, type));
  if (option.min)
    return fmt::format("{} is out of range: must be at least {}", what, with_unit(*option.min, type));
  return fmt::format("{} is out of range: must be at most {}", what, with_unit(*option.max, type));
}

Parsed<tuna::Config::Scalar> parse_typed(OptionType type, const tuna::OptionSpec& option,
                                         std::string_view text) {
  using Result = Parsed<tuna::Config::Scalar>;
  auto lift = [](const auto& parsed) {
    return parsed ? Result::ok(tuna::Config::Scalar(*parsed)) : Result::fail(parsed.error());
  };
  switch (type) {
    case OptionType::string:
    case OptionType::host:
      return Result::ok(std::string(text));
    case OptionType::integer:
      return lift(parse_integer(text));
    case OptionType::number:
      return lift(parse_number(text));
    case OptionType::boolean:
      return lift(parse_boolean(text));
    case OptionType::duration:
      return lift(parse_duration(text));
    case OptionType::size:
      return lift(parse_size(text));
    case OptionType::bitrate:
      return lift(parse_bitrate(text));
    case OptionType::enumeration:
      return lift(match_enumeration(text, option.allowed, option.prefix_match));
    case OptionType::list:
    case OptionType::group:
      break;
  }
  return Result::fail(fmt::format("a {} cannot be written as one value", type_name(type)));
}

}  // namespace

std::string quote_text(std::string_view text) {
  constexpr std::size_t longest = 60;
  if (text.size() <= longest) return fmt::format("{:?}", text);
  return fmt::format("{:?}...", text.substr(0, longest));
}

std::string with_unit(double value, tuna::OptionType type) {
  switch (type) {
    case OptionType::duration:
      return fmt::format("{} s", value);
    case OptionType::size: {
      auto short_form = suffixed(value, 1024);
      return short_form.empty() ? fmt::format("{} bytes", value)
                                : fmt::format("{} bytes ({})", value, short_form);
    }
    case OptionType::bitrate: {
      auto short_form = suffixed(value, 1000);
      return short_form.empty() ? fmt::format("{} bits/s", value)
                                : fmt::format("{} bits/s ({})", value, short_form);
    }
    default:
      return fmt::format("{}", value);
  }
}

Parsed<std::int64_t> parse_integer(std::string_view text) {
  auto digits = without_plus(text);
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (error == std::errc::result_out_of_range)
    return Parsed<std::int64_t>::fail(got("integer", text) + " (beyond the 64-bit range)");
  if (error != std::errc() || end != digits.data() + digits.size() || digits.empty())
    return Parsed<std::int64_t>::fail(got("integer", text));
  return Parsed<std::int64_t>::ok(value);
}

Parsed<double> parse_number(std::string_view text) {
  auto digits = without_plus(text);
  double value = 0;
  auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (error != std::errc() || end != digits.data() + digits.size() || digits.empty() || !std::isfinite(value))
    return Parsed<double>::fail(got("number", text));
  return Parsed<double>::ok(value);
}

Parsed<bool> parse_boolean(std::string_view text) {
  for (auto word : {"true", "yes", "on", "y"})
    if (iequals(text, word)) return Parsed<bool>::ok(true);
  for (auto word : {"false", "no", "off", "n"})
    if (iequals(text, word)) return Parsed<bool>::ok(false);
  return Parsed<bool>::fail(got("boolean (true/false, yes/no, on/off)", text));
}

Parsed<double> parse_duration(std::string_view text) {
  // Longest suffix first: "ms" must not be read as "m" after a number "5m".
  static constexpr std::array<std::pair<std::string_view, double>, 4> units{
      {{"ms", 1e-3}, {"s", 1}, {"m", 60}, {"h", 3600}}};
  return non_negative(number_with_unit(text, units, false),
                      "duration (seconds, or with a unit: 1.5s, 250ms, 2m, 1h)", text);
}

Parsed<double> parse_size(std::string_view text) {
  static constexpr std::array<std::pair<std::string_view, double>, 3> units{
      {{"K", 1024.0}, {"M", 1024.0 * 1024}, {"G", 1024.0 * 1024 * 1024}}};
  return non_negative(number_with_unit(text, units, true), "size (bytes, or with a K/M/G suffix: 128K, 1M)",
                      text);
}

Parsed<double> parse_bitrate(std::string_view text) {
  static constexpr std::array<std::pair<std::string_view, double>, 3> units{
      {{"K", 1e3}, {"M", 1e6}, {"G", 1e9}}};
  return non_negative(number_with_unit(text, units, true),
                      "bitrate (bits/s, or with a K/M/G suffix: 100M, 1G)", text);
}

Parsed<std::string> match_enumeration(std::string_view text, const std::vector<std::string>& allowed,
                                      bool prefix_match) {
  if (auto exact = std::find(allowed.begin(), allowed.end(), text); exact != allowed.end())
    return Parsed<std::string>::ok(*exact);
  if (prefix_match && !text.empty()) {
    // A value spelled out in another case wins over the longer values it is a prefix of.
    auto same =
        std::find_if(allowed.begin(), allowed.end(), [&](const std::string& a) { return iequals(a, text); });
    if (same != allowed.end()) return Parsed<std::string>::ok(*same);
    std::vector<std::string> candidates;
    for (const auto& value : allowed)
      if (value.size() >= text.size() && iequals(std::string_view(value).substr(0, text.size()), text))
        candidates.push_back(value);
    if (candidates.size() == 1) return Parsed<std::string>::ok(candidates.front());
    if (candidates.size() > 1)
      return Parsed<std::string>::fail(
          fmt::format("{} is ambiguous: it could be {}", quote_text(text), fmt::join(candidates, ", ")));
  }
  return Parsed<std::string>::fail(fmt::format("expected one of {}; got {}{}", fmt::join(allowed, ", "),
                                               quote_text(text), did_you_mean(text, allowed)));
}

Parsed<tuna::Config::Scalar> parse_option_value(const tuna::OptionSpec& option, std::string_view text) {
  const auto type = option.type == OptionType::list ? option.element : option.type;
  auto parsed = parse_typed(type, option, text);
  if (!parsed) return parsed;
  if (auto value = numeric(*parsed)) {
    if ((option.min && *value < *option.min) || (option.max && *value > *option.max))
      return Parsed<tuna::Config::Scalar>::fail(out_of_range(option, type, *value, text));
  }
  return parsed;
}

std::string canonical_text(const tuna::Config::Scalar& value) {
  return std::visit(
      [](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, bool>)
          return v ? "true" : "false";
        else if constexpr (std::is_same_v<T, std::string>)
          return v;
        else if constexpr (std::is_same_v<T, std::vector<std::string>>)
          return fmt::format("[{}]", fmt::join(v, ", "));
        else
          return fmt::format("{}", v);
      },
      value);
}

}  // namespace tuna::host
