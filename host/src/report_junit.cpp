#include "report_junit.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <optional>

#include "results_record.hpp"

namespace tuna::host {
namespace fs = std::filesystem;
namespace {

using Record = nlohmann::ordered_json;

constexpr std::string_view replacement_character = "\xEF\xBF\xBD";  // U+FFFD in UTF-8

bool allowed_in_xml(char32_t code) {
  return code == 0x9 || code == 0xA || code == 0xD || (code >= 0x20 && code <= 0xD7FF) ||
         (code >= 0xE000 && code <= 0xFFFD) || (code >= 0x10000 && code <= 0x10FFFF);
}

// The length of the valid UTF-8 sequence at the start of `text` and its code point, or
// length 0 when the bytes there are not valid UTF-8 (overlong, surrogate, cut short...).
std::pair<std::size_t, char32_t> decode_utf8(std::string_view text) {
  const auto lead = static_cast<unsigned char>(text[0]);
  if (lead < 0x80) return {1, lead};
  const std::size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0;
  if (length == 0 || length > text.size()) return {0, 0};
  char32_t code = lead & (0x7F >> length);
  for (std::size_t i = 1; i < length; ++i) {
    const auto next = static_cast<unsigned char>(text[i]);
    if ((next & 0xC0) != 0x80) return {0, 0};
    code = (code << 6) | (next & 0x3F);
  }
  constexpr char32_t shortest[] = {0, 0, 0x80, 0x800, 0x10000};
  if (code < shortest[length] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return {0, 0};
  return {length, code};
}

// results.jsonl's "2026-11-27T04:56:36.123Z", or nullopt when it is not that.
std::optional<std::chrono::system_clock::time_point> parse_utc(const std::string& text) {
  int year, month, day, hour, minute, second, millisecond;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d.%3dZ", &year, &month, &day, &hour, &minute, &second,
                  &millisecond) != 7)
    return std::nullopt;
  using namespace std::chrono;
  const year_month_day date{std::chrono::year(year), std::chrono::month(month), std::chrono::day(day)};
  if (!date.ok()) return std::nullopt;
  return sys_days(date) + hours(hour) + minutes(minute) + seconds(second) + milliseconds(millisecond);
}

// The record's duration in seconds, from its step's start to its completion; 0 when a
// time is missing.
double seconds_taken(const Record& record) {
  const auto started = parse_utc(record_text(record, "step_started"));
  const auto finished = parse_utc(record_text(record, "finished"));
  if (!started || !finished) return 0;
  return std::chrono::duration<double>(*finished - *started).count();
}

// Wall time from the suite's first step start to its last measurement, not the sum of its
// cases, which overlap when a step records several measurements.
double suite_seconds(const std::vector<Record>& suite) {
  std::optional<std::chrono::system_clock::time_point> first_start, last_finish;
  for (const auto& record : suite) {
    const auto started = parse_utc(record_text(record, "step_started"));
    const auto finished = parse_utc(record_text(record, "finished"));
    if (started && (!first_start || *started < *first_start)) first_start = started;
    if (finished && (!last_finish || *finished > *last_finish)) last_finish = finished;
  }
  if (!first_start || !last_finish) return 0;
  return std::chrono::duration<double>(*last_finish - *first_start).count();
}

std::string testcase_name(const Record& record) {
  const auto label = record_text(record, "label");
  return fmt::format("{}{}{} #{}", record_text(record, "step"), label.empty() ? "" : " ", label,
                     record_text(record, "repetition"));
}

// A raw output file under a header naming it, at most its last `cap` bytes.
std::string artifact_text(const fs::path& run_dir, const std::string& relative, std::size_t cap) {
  std::ifstream in(run_dir / relative, std::ios::binary | std::ios::ate);
  if (!in) return fmt::format("==> {} (cannot be read) <==\n", relative);
  const auto size = static_cast<std::size_t>(in.tellg());
  const auto kept = std::min(size, cap);
  std::string content(kept, '\0');
  in.seekg(static_cast<std::streamoff>(size - kept));
  in.read(content.data(), static_cast<std::streamsize>(kept));
  const auto note = kept < size ? fmt::format(" (its last {} of {} bytes)", kept, size) : "";
  return fmt::format("==> {}{} <==\n{}{}", relative, note, content,
                     content.empty() || content.back() == '\n' ? "" : "\n");
}

std::string testcase(const Record& record, const fs::path& run_dir, std::size_t cap) {
  std::string xml = fmt::format(R"(    <testcase name="{}" classname="{}" time="{:.3f}">)"
                                "\n",
                                xml_escaped(testcase_name(record), true),
                                xml_escaped(record_text(record, "component"), true), seconds_taken(record));
  if (const auto& metrics = record_metrics(record); !metrics.empty()) {
    xml += "      <properties>\n";
    for (const auto& [name, metric] : metrics.items())
      xml += fmt::format(R"(        <property name="{}" value="{}"/>)"
                         "\n",
                         xml_escaped(metric_heading(name, metric.value("unit", "")), true),
                         metric.value("value", 0.0));
    xml += "      </properties>\n";
  }
  const auto status = record_text(record, "status");
  if (status == "failed" || status == "error")
    xml += fmt::format(R"(      <{0} message="{1}" type="{0}"/>)"
                       "\n",
                       status == "failed" ? "failure" : "error",
                       xml_escaped(record_text(record, "message"), true));
  std::string output;
  for (const auto& file : record.value("artifacts", Record::array()))
    if (file.is_string()) output += artifact_text(run_dir, file.get<std::string>(), cap);
  if (!output.empty()) xml += fmt::format("      <system-out>{}</system-out>\n", xml_escaped(output, false));
  return xml + "    </testcase>\n";
}

}  // namespace

std::string xml_escaped(std::string_view text, bool attribute) {
  std::string escaped;
  escaped.reserve(text.size());
  while (!text.empty()) {
    const auto [length, code] = decode_utf8(text);
    const auto taken = std::max<std::size_t>(length, 1);
    if (length == 0 || !allowed_in_xml(code))
      escaped += replacement_character;
    else if (code == '&')
      escaped += "&amp;";
    else if (code == '<')
      escaped += "&lt;";
    else if (code == '>')
      escaped += "&gt;";
    else if (attribute && code == '"')
      escaped += "&quot;";
    // An attribute's literal tab and line breaks would be normalised to spaces by parsers.
    else if (attribute && (code == '\t' || code == '\n' || code == '\r'))
      escaped += fmt::format("&#{};", static_cast<int>(code));
    // A bare CR in text would be read back as LF.
    else if (code == '\r')
      escaped += "&#13;";
    else
      escaped += text.substr(0, length);
    text.remove_prefix(taken);
  }
  return escaped;
}

std::string junit_xml(const std::vector<nlohmann::ordered_json>& records, const fs::path& run_dir,
                      std::size_t artifact_cap) {
  // One suite per pipeline, in the order the run met them.
  std::vector<std::string> pipelines;
  for (const auto& record : records)
    if (const auto name = record_text(record, "pipeline");
        std::ranges::find(pipelines, name) == pipelines.end())
      pipelines.push_back(name);
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n";
  for (const auto& pipeline : pipelines) {
    std::vector<Record> suite;
    std::ranges::copy_if(records, std::back_inserter(suite),
                         [&](const Record& record) { return record_text(record, "pipeline") == pipeline; });
    const auto count = [&](const char* status) {
      return std::ranges::count_if(
          suite, [&](const Record& record) { return record_text(record, "status") == status; });
    };
    std::string cases;
    for (const auto& record : suite) cases += testcase(record, run_dir, artifact_cap);
    xml += fmt::format(R"(  <testsuite name="{}" tests="{}" failures="{}" errors="{}" time="{:.3f}">)"
                       "\n{}  </testsuite>\n",
                       xml_escaped(pipeline, true), suite.size(), count("failed"), count("error"),
                       suite_seconds(suite), cases);
  }
  return xml + "</testsuites>\n";
}

}  // namespace tuna::host
