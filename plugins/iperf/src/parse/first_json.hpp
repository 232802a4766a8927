// iperf3 -J output is not always one valid JSON document: text may come before it,
// a second document or an error line after it, and iperf3 prints "nan" for figures it
// could not compute.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tuna::iperf {

// The text of the first JSON object in `lines` (from the first line that starts with
// "{" to its matching "}"), with bare nan/inf tokens outside strings replaced by null.
// Throws NotIperfOutput when there is none or it never closes.
std::string first_json_object(const std::vector<std::string_view>& lines);

// True when a line of the output starts a JSON object.
bool starts_json(std::string_view line);

}  // namespace tuna::iperf
