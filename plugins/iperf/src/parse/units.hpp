// Numbers and units as iperf prints them in its human-readable output.
#pragma once

#include <optional>
#include <string_view>

namespace tuna::iperf {

std::optional<double> parse_number(std::string_view text);
std::optional<long> parse_integer(std::string_view text);

// "KBytes", "MBytes"...: byte units are powers of 1024 in both iperf2 and iperf3.
std::optional<double> bytes_from(double value, std::string_view unit);
// "Kbits/sec", "Mbits/sec"...: bit-rate units are powers of 1000.
std::optional<double> bits_per_second_from(double value, std::string_view unit);

}  // namespace tuna::iperf
