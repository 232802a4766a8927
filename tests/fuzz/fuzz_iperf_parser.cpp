// One iperf output parser fed any text. parse_output hands a parser the whole output once
// a single line looks like its format, so any lines at all can reach any parser. Built
// once per parser, TUNA_FUZZ_PARSER naming it (see CMakeLists.txt).
//
// A parser may reject text only with NotIperfOutput; anything else escaping, or a report
// the component cannot reduce (headline rates, every aggregator) or turn into JSON, is a
// bug. The JSON must serialise: it goes into results.jsonl and `tuna parse`'s output.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "parse/aggregate.hpp"
#include "parse/formats.hpp"
#include "parse/lines.hpp"
#include "parse/parse.hpp"
#include "parse/report_json.hpp"

using namespace tuna::iperf;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  Report report;
  try {
    report = TUNA_FUZZ_PARSER(output_lines(text));
  } catch (const NotIperfOutput&) {
    return 0;
  }
  const auto rates = headline_rates(report.intervals);
  for (const auto how : {Aggregator::median, Aggregator::mean, Aggregator::min, Aggregator::max,
                         Aggregator::sum}) {
    aggregate(rates, how);
  }
  to_json(report).dump();
  return 0;
}
