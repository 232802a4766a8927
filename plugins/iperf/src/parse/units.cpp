#include "parse/units.hpp"

#include <charconv>
#include <cmath>

namespace tuna::iperf {

namespace {

// The power of `base` that a K/M/G/T prefix stands for; nullopt for an unknown prefix.
std::optional<double> prefix_factor(std::string_view prefix, double base) {
  if (prefix.empty()) return 1.0;
  if (prefix.size() != 1) return std::nullopt;
  switch (prefix[0]) {
    case 'K': case 'k': return base;
    case 'M': case 'm': return std::pow(base, 2);
    case 'G': case 'g': return std::pow(base, 3);
    case 'T': case 't': return std::pow(base, 4);
    default: return std::nullopt;
  }
}

std::optional<double> scaled(double value, std::string_view unit, std::string_view base_unit,
                             double base) {
  if (!unit.ends_with(base_unit)) return std::nullopt;
  unit.remove_suffix(base_unit.size());
  const auto factor = prefix_factor(unit, base);
  if (!factor) return std::nullopt;
  return value * *factor;
}

}  // namespace

std::optional<double> parse_number(std::string_view text) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<long> parse_integer(std::string_view text) {
  long value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<double> bytes_from(double value, std::string_view unit) {
  return scaled(value, unit, "Bytes", 1024);
}

std::optional<double> bits_per_second_from(double value, std::string_view unit) {
  return scaled(value, unit, "bits/sec", 1000);
}

}  // namespace tuna::iperf
