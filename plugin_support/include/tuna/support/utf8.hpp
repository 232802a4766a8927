// Tools print whatever bytes their locale, a host name or a damaged file gives them, and
// those words end up in messages, reports and JSON documents, which must be valid UTF-8
// (nlohmann::json refuses to serialise anything else). One definition of well-formed
// (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF) for the host and
// every plugin.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace tuna::support {

// The offset of the first byte that is not part of a well-formed sequence; nullopt if
// `text` is UTF-8.
std::optional<std::size_t> first_invalid_utf8(std::string_view text);

// `text` with every byte that does not belong to a well-formed sequence replaced by
// U+FFFD, as nlohmann::json's error_handler_t::replace would write it.
std::string valid_utf8(std::string_view text);

}  // namespace tuna::support
