#include "parse/report.hpp"

namespace tuna::iperf {

const char* tool_name(Tool tool) { return tool == Tool::iperf2 ? "iperf2" : "iperf3"; }
const char* protocol_name(Protocol protocol) { return protocol == Protocol::tcp ? "tcp" : "udp"; }

}  // namespace tuna::iperf
