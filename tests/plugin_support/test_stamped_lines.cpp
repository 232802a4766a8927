// The stamp every raw file's lines carry: written, recognised, stripped and read back to
// the microsecond.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <sstream>

#include <tuna/support/stamped_lines.hpp>

#include "run_tuna.hpp"

namespace {

using namespace std::chrono;
using namespace tuna::support;

TEST(StampedLines, AStampReadsBackToTheMicrosecond) {
  const auto now = floor<microseconds>(system_clock::now());
  const auto line = utc_stamp(now) + " [  5]   0.00-1.00   sec";
  EXPECT_EQ(read_stamp(line), now);
  EXPECT_EQ(strip_stamp(line), "[  5]   0.00-1.00   sec");
}

TEST(StampedLines, ALineWithoutAStampIsLeftAlone) {
  for (const std::string line : {"", "[  5]   0.00-1.00   sec", "2026-11-26T10:00:00Z not ours",
                                 "2026-11-26 10:00:00.123456Z no T", "2026-11-26T10:00:00.123456Z"}) {
    EXPECT_EQ(strip_stamp(line), line);
    EXPECT_EQ(read_stamp(line), std::nullopt);
  }
}

// A damaged file's stamp names no time the clock can hold: no time, but still a stamp
// to strip, so the line's text is read as the tool printed it.
TEST(StampedLines, AStampNamingNoRealTimeReadsAsNone) {
  for (const std::string stamp : {"1013-11-27T08:00:07.123456Z ", "9999-11-27T08:00:07.123456Z ",
                                  "2026-13-27T08:00:07.123456Z ", "2026-11-27T25:00:07.123456Z "}) {
    EXPECT_EQ(read_stamp(stamp + "text"), std::nullopt) << stamp;
    EXPECT_EQ(strip_stamp(stamp + "text"), "text");
  }
}

TEST(StampedLines, AFileHoldsEachLineStampedWithItsArrival) {
  tuna::test::TempDir dir;
  const auto first = floor<microseconds>(system_clock::now());
  const std::vector<tuna::OutputLine> lines{{tuna::Stream::out, "one", first},
                                            {tuna::Stream::err, "two words", first + 1500ms}};
  write_stamped_file(dir.path() / "raw.txt", lines);
  std::istringstream file(tuna::test::read_file(dir.path() / "raw.txt"));
  std::string line;
  for (const auto& written : lines) {
    ASSERT_TRUE(std::getline(file, line));
    EXPECT_EQ(strip_stamp(line), written.text);
    EXPECT_EQ(read_stamp(line), written.received);
  }
  EXPECT_FALSE(std::getline(file, line));
}

TEST(StampedLines, AFileThatCannotBeWrittenThrows) {
  EXPECT_THROW(write_stamped_file("/nonexistent-dir/raw.txt", {}), std::runtime_error);
}

}  // namespace
