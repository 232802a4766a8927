#include "parse/parse.hpp"

#include "parse/detect.hpp"
#include "parse/formats.hpp"
#include "parse/lines.hpp"

namespace tuna::iperf {

Report parse_output(std::string_view text, std::optional<Tool> hint) {
  const auto lines = output_lines(text);
  const auto format = detect_format(lines, hint);
  if (!format) {
    throw NotIperfOutput(hint ? std::string("not ") + tool_name(*hint) + " output"
                              : std::string("not iperf output"));
  }
  switch (*format) {
    case Format::iperf3_json: return parse_iperf3_json(lines);
    case Format::iperf3_text: return parse_iperf3_text(lines);
    case Format::iperf2_csv: return parse_iperf2_csv(lines);
    case Format::iperf2_text: return parse_iperf2_text(lines);
  }
  throw NotIperfOutput("unknown format");
}

}  // namespace tuna::iperf
