// The ping component's parser, as `tuna parse --tool ping` and the step reach it: saved
// output (stamped or not) read back, the reply counting of until_reachable, and the JSON
// document printed. Text that is not ping output is a verdict or NotPingOutput, never
// anything else; the document is valid UTF-8 whatever bytes the file holds.
#include <cstddef>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "parse/ping_parse_raw.hpp"
#include "parse/reachability.hpp"
#include "parse/stamps.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  for (const char* hint : {"", "ping"}) {
    const auto outcome = tuna::ping::parse_raw(text, hint);
    outcome.document.dump(2);
    nlohmann::json(outcome.message).dump();
  }
  try {
    const auto output = tuna::ping::parse_ping_lines(tuna::ping::stamped_lines(text));
    tuna::ping::longest_run(output);
    for (int replies : {1, 3}) tuna::ping::reachable_after(output, replies);
  } catch (const tuna::ping::NotPingOutput&) {
  }
  return 0;
}
