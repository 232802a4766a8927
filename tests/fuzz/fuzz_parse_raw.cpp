// The entry `tuna parse FILE [--tool T]` goes through: format detection (with each hint
// the command line can give), the parser it picks, and the JSON document printed.
//
// parse_raw never throws: text that is not iperf output is a verdict, not an exception.
// Its document and message are valid UTF-8 whatever bytes the file holds (they end up in
// results.jsonl, and nlohmann::json throws on anything else).
#include <cstddef>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "parse/parse_raw.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  for (const char* hint : {"", "iperf2", "iperf3"}) {
    const auto outcome = tuna::iperf::parse_raw(text, hint);
    outcome.document.dump(2);
    nlohmann::json(outcome.message).dump();
  }
  return 0;
}
