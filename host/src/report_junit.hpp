// junit.xml: a run's records as JUnit test results, so CI servers (Jenkins, GitLab, ...)
// show each measurement as a test case with its verdict, figures and raw output.
#pragma once

#include <cstddef>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace tuna::host {

// How much of each raw output file goes into <system-out>: its last 256 KiB, where tools
// print their summaries; the cut is noted in the text.
inline constexpr std::size_t junit_artifact_cap = 256 * 1024;

// `text` as XML 1.0 character data (in an attribute too when `attribute`): markup
// characters escaped, and what XML 1.0 cannot carry at all (control characters other than
// tab and line breaks, invalid UTF-8) replaced by U+FFFD.
std::string xml_escaped(std::string_view text, bool attribute);

// The junit.xml text for `records` (objects as results.jsonl holds them): a <testsuite>
// per pipeline, a <testcase> "<step> <label> #<repetition>" per record with its metrics as
// <property> elements (named as in summary.csv), <failure>/<error> for failed/error
// records, and the record's artifacts, read from `run_dir`, in <system-out>.
std::string junit_xml(const std::vector<nlohmann::ordered_json>& records,
                      const std::filesystem::path& run_dir, std::size_t artifact_cap = junit_artifact_cap);

}  // namespace tuna::host
