// The parser of each output format (parse_output picks one, see detect.hpp). Each takes
// the output's lines, already split and without timestamp prefixes.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parse/report.hpp"

namespace tuna::iperf {

using Lines = std::vector<std::string_view>;

Report parse_iperf3_json(const Lines& lines);
Report parse_iperf3_text(const Lines& lines);
Report parse_iperf2_text(const Lines& lines);
Report parse_iperf2_csv(const Lines& lines);

// iperf's own message when `line` says the test could not run, e.g.
// "tcp connect failed: Connection refused", "listener bind failed: Address already in use".
std::optional<std::string> iperf2_error(std::string_view line);
// "iperf3: error - the server is busy..." gives "the server is busy...", as iperf3 -J
// reports it in its "error" key.
std::optional<std::string> iperf3_error(std::string_view line);

}  // namespace tuna::iperf
