// Raw iperf outputs as saved for every run: each line stamped with its UTC arrival time
// in the one form the parser strips ("2026-11-26T10:00:00.123456Z ").
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include <tuna/host.hpp>

namespace tuna::iperf {

std::string utc_stamp(std::chrono::system_clock::time_point when);

// e.g. "upstream-tcp-client-r1.txt"; a retry's files end in "-retry".
std::string raw_file_name(const std::string& direction, const std::string& protocol, const std::string& side,
                          int repetition, bool retry);

// Writes the lines, stamped, to `path`. Throws std::runtime_error when it cannot.
void write_raw_file(const std::filesystem::path& path, const std::vector<OutputLine>& lines);

}  // namespace tuna::iperf
