#include "component/raw_files.hpp"

#include <fmt/format.h>

namespace tuna::iperf {

std::string raw_file_name(const std::string& direction, const std::string& protocol, const std::string& side,
                          int repetition, bool retry) {
  return fmt::format("{}-{}-{}-r{}{}.txt", direction, protocol, side, repetition, retry ? "-retry" : "");
}

}  // namespace tuna::iperf
