// iperf's words are copied into reports, messages and JSON documents, which must be
// valid UTF-8 (nlohmann::json refuses to serialise anything else); iperf prints whatever
// bytes its locale, a host name or a damaged file gives it.
#pragma once

#include <string>
#include <string_view>

namespace tuna::iperf {

// `text` with every byte that does not belong to a well-formed UTF-8 sequence replaced by
// U+FFFD, as nlohmann::json's error_handler_t::replace would write it.
std::string valid_utf8(std::string_view text);

}  // namespace tuna::iperf
