// Saved command output: every line stamped with its UTC arrival time, in the one shape
// that every plugin writes and every parser strips ("2026-11-26T10:00:00.123456Z ").
// Raw files stay readable by the tool's own users and re-parsable by `tuna parse`, and
// two files of one run line up by time.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <tuna/host.hpp>

namespace tuna::support {

using SystemTime = std::chrono::system_clock::time_point;

// e.g. "2026-11-26T10:00:00.123456Z" (microseconds, always UTC).
std::string utc_stamp(SystemTime when);

// Writes each line as "<stamp> <text>\n" to `path`. Throws std::runtime_error when it cannot.
void write_stamped_file(const std::filesystem::path& path, const std::vector<OutputLine>& lines);

// The line without its stamp and the space after it; the line itself when it has none.
std::string_view strip_stamp(std::string_view line);

// The time a stamped line names; nullopt when the line has no stamp or one that names no
// real time (a damaged file: month 13, the year 1013).
std::optional<SystemTime> read_stamp(std::string_view line);

}  // namespace tuna::support
