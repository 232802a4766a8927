#include <array>

#include "parse/formats.hpp"
#include "parse/lines.hpp"
#include <tuna/support/utf8.hpp>

namespace tuna::iperf {

std::optional<std::string> iperf2_error(std::string_view line) {
  line = trim(line);
  // iperf2 words these "<what> failed: <strerror>" ("tcp connect failed", 2.0.x "connect
  // failed", "listener bind failed", "bind failed"), option errors "ERROR: ...".
  constexpr std::array fatal = {std::string_view("connect failed: "),
                                std::string_view("bind failed: "),
                                std::string_view("listen failed: ")};
  for (const auto marker : fatal) {
    if (line.find(marker) != std::string_view::npos) return support::valid_utf8(line);
  }
  if (line.starts_with("ERROR: ")) return support::valid_utf8(line.substr(7));
  return std::nullopt;
}

std::optional<std::string> iperf3_error(std::string_view line) {
  constexpr std::string_view prefix = "iperf3: error - ";
  line = trim(line);
  if (!line.starts_with(prefix)) return std::nullopt;
  return support::valid_utf8(line.substr(prefix.size()));
}

}  // namespace tuna::iperf
