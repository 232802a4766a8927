// report.html of a real run (configs/loopback.yaml through the tuna binary) opened in
// headless Chromium: the parsed DOM holds a chart per interval series, and a screenshot
// shows the charts' line colour. Skipped where /usr/bin/chromium is not installed.
#include <fcntl.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <png.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "run_reports.hpp"
#include "run_tuna.hpp"
#include "svg_chart.hpp"

using namespace tuna::host;
using tuna::test::TempDir;
namespace fs = std::filesystem;

extern char** environ;

namespace {

const fs::path chromium = "/usr/bin/chromium";

// Runs `arguments` (stdout into `out`) in a process group of its own, and kills that group
// if it has not finished within `limit`: Chromium starts helper processes. The exit status,
// or nullopt when it had to be killed.
std::optional<int> run_bounded(std::vector<std::string> arguments, const fs::path& out,
                               std::chrono::seconds limit) {
  posix_spawn_file_actions_t files;
  posix_spawn_file_actions_init(&files);
  posix_spawn_file_actions_addopen(&files, STDOUT_FILENO, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&files, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attributes, 0);
  pid_t pid = -1;
  const auto argv = tuna::test::c_strings(arguments);
  const int failed = posix_spawn(&pid, argv[0], &files, &attributes, argv.data(), environ);
  posix_spawn_file_actions_destroy(&files);
  posix_spawnattr_destroy(&attributes);
  if (failed) return std::nullopt;
  int status = 0;
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (waitpid(pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      kill(-pid, SIGKILL);
      waitpid(pid, &status, 0);
      return std::nullopt;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// An RGBA picture.
struct Picture {
  unsigned width = 0;
  unsigned height = 0;
  std::vector<unsigned char> pixels;
};

// Reads a PNG with libpng's simplified API. nullopt when the file is not a PNG.
std::optional<Picture> read_png(const fs::path& file) {
  std::optional<Picture> picture;
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  if (png_image_begin_read_from_file(&image, file.c_str())) {
    image.format = PNG_FORMAT_RGBA;
    Picture read{image.width, image.height, std::vector<unsigned char>(PNG_IMAGE_SIZE(image))};
    if (png_image_finish_read(&image, nullptr, read.pixels.data(), 0, nullptr)) picture = std::move(read);
    png_image_free(&image);
  }
  return picture;
}

std::size_t count(const std::string& text, const std::string& part) {
  std::size_t found = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++found;
  return found;
}

class ReportHtmlBrowser : public ::testing::Test {
 protected:
  // One run for the suite: it takes a few seconds, and its report is only read.
  static void SetUpTestSuite() {
    if (!fs::exists(chromium)) return;
    run_dir = new TempDir;
    run = tuna::test::run_tuna("run " + std::string(TUNA_SOURCE_DIR) + "/configs/loopback.yaml -o " +
                               (run_dir->path() / "run").string());
  }
  static void TearDownTestSuite() {
    delete run_dir;
    run_dir = nullptr;
  }

  void SetUp() override {
    if (!fs::exists(chromium)) GTEST_SKIP() << chromium << " is not installed (Debian package chromium)";
    ASSERT_EQ(run.status, 0) << run.err;
    report = run_dir->path() / "run" / "report.html";
    ASSERT_TRUE(fs::exists(report)) << run.err;
    for (const auto& record : read_results(run_dir->path() / "run" / "results.jsonl").records)
      if (record.contains("details") && record["details"].contains("intervals")) ++interval_series;
    ASSERT_EQ(interval_series, 2u) << "loopback measures upstream and downstream";
  }

  // Chromium headless on the report, with `extra` options; false when it failed or hung.
  bool open_in_chromium(const std::vector<std::string>& extra, const fs::path& stdout_file) const {
    std::vector<std::string> arguments{chromium.string(),
                                       "--headless",
                                       "--no-sandbox",
                                       "--disable-gpu",
                                       "--disable-background-networking",
                                       "--disable-component-update",
                                       "--disable-sync",
                                       "--no-first-run",
                                       "--user-data-dir=" + (dir.path() / "profile").string()};
    arguments.insert(arguments.end(), extra.begin(), extra.end());
    arguments.push_back("file://" + report.string());
    return run_bounded(arguments, stdout_file, std::chrono::seconds(20)) == 0;
  }

  static inline TempDir* run_dir = nullptr;
  static inline tuna::test::TunaOutput run;
  TempDir dir;  // Chromium's profile and what it writes
  fs::path report;
  std::size_t interval_series = 0;
};

}  // namespace

TEST_F(ReportHtmlBrowser, ParsedDomHoldsAChartPerIntervalSeries) {
  const auto dom_file = dir.path() / "dom.html";
  ASSERT_TRUE(open_in_chromium({"--dump-dom"}, dom_file));
  const auto dom = tuna::test::read_file(dom_file);
  EXPECT_EQ(count(dom, "<svg"), interval_series) << dom;
  EXPECT_EQ(count(dom, "<polyline"), interval_series);
  EXPECT_EQ(count(dom, "<polyline class=\"series\" points=\"\""), 0u) << "every line has points";
  EXPECT_NE(dom.find("<table class=\"summary\">"), std::string::npos);
  EXPECT_NE(dom.find("<table class=\"statistics\">"), std::string::npos);
}

TEST_F(ReportHtmlBrowser, ScreenshotShowsTheCharts) {
  const auto shot = dir.path() / "shot.png";
  ASSERT_TRUE(
      open_in_chromium({"--screenshot=" + shot.string(), "--window-size=1200,2000"}, dir.path() / "stdout"));
  const auto picture = read_png(shot);
  ASSERT_TRUE(picture) << shot << " is not a PNG libpng can read";
  EXPECT_EQ(picture->width, 1200u);
  unsigned red, green, blue;
  ASSERT_EQ(std::sscanf(chart_line_colour, "#%2x%2x%2x", &red, &green, &blue), 3);
  // The line's pixels, allowing for anti-aliasing at its edges; nothing else is that red.
  std::size_t line_pixels = 0;
  std::set<unsigned> colours;
  for (std::size_t i = 0; i + 3 < picture->pixels.size(); i += 4) {
    const auto* p = &picture->pixels[i];
    colours.insert(p[0] << 16 | p[1] << 8 | p[2]);
    if (std::abs(p[0] - int(red)) < 24 && std::abs(p[1] - int(green)) < 24 && std::abs(p[2] - int(blue)) < 24)
      ++line_pixels;
  }
  // Each chart's line crosses most of its 550-pixel-wide plot, 2 pixels thick.
  EXPECT_GT(line_pixels, interval_series * 400) << line_pixels << " pixels of the chart lines' colour";
  EXPECT_GT(colours.size(), 16u) << "a page of text, tables and charts is not a few flat colours";
}
