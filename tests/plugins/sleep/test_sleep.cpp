// The sleep component through the plugin contract, loaded from its real shared library.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "plugin_loader.hpp"

namespace {

using namespace std::chrono_literals;

class RecordingContext final : public tuna::RunContext {
 public:
  struct Silent final : tuna::Logger {
    void log(tuna::LogLevel, std::string_view) override {}
  };
  tuna::Host& host(std::string_view) override { throw std::logic_error("sleep uses no host"); }
  tuna::Logger& log() override { return logger; }
  const std::filesystem::path& artifact_dir() const override { return dir; }
  tuna::Clock::time_point deadline() const override { return until; }
  bool cancelled() const override { return cancel.load(); }
  int repetition() const override { return 1; }
  void progress(std::string_view status) override { last_progress = status; ++progress_calls; }
  void record(tuna::Measurement m) override { recorded.push_back(std::move(m)); }

  Silent logger;
  std::filesystem::path dir = std::filesystem::temp_directory_path();
  tuna::Clock::time_point until = tuna::Clock::time_point::max();
  std::atomic<bool> cancel{false};
  std::string last_progress;
  int progress_calls = 0;
  std::vector<tuna::Measurement> recorded;
};

class SleepPlugin : public testing::Test {
 protected:
  void SetUp() override {
    plugin = tuna::host::load_plugin(std::filesystem::path(TUNA_PLUGIN_DIR) / "libtuna_sleep.so");
    spec = &plugin->components->front();
  }
  std::unique_ptr<tuna::Step> make(double seconds) {
    tuna::Config config;
    config.set("seconds", seconds, {});
    EXPECT_TRUE(spec->check_rep(config).empty());
    return spec->create(config);
  }
  double slept(const RecordingContext& context) {
    EXPECT_EQ(context.recorded.size(), 1u);
    return context.recorded.at(0).metrics.at(0).value;
  }
  std::unique_ptr<tuna::host::LoadedPlugin> plugin;
  const tuna::ComponentSpec* spec = nullptr;
};

}  // namespace

TEST_F(SleepPlugin, SleepsAtLeastTheTimeAskedAndSaysSo) {
  RecordingContext context;
  const auto start = tuna::Clock::now();
  const auto result = make(0.3)->run(context);
  const std::chrono::duration<double> wall = tuna::Clock::now() - start;
  EXPECT_EQ(result.status, tuna::Status::passed);
  EXPECT_GE(slept(context), 0.3);
  EXPECT_LE(slept(context), wall.count());
  EXPECT_GT(context.progress_calls, 0);
  EXPECT_NE(context.last_progress.find("s left"), std::string::npos);
}

TEST_F(SleepPlugin, StopsEarlyWhenCancelled) {
  RecordingContext context;
  auto step = make(30);
  std::thread canceller([&] {
    std::this_thread::sleep_for(200ms);
    context.cancel = true;
  });
  const auto result = step->run(context);
  canceller.join();
  EXPECT_EQ(result.status, tuna::Status::error);
  EXPECT_LT(slept(context), 5.0);
  EXPECT_NE(context.recorded[0].message.find("interrupted"), std::string::npos);
}

TEST_F(SleepPlugin, StopsAtTheStepDeadline) {
  RecordingContext context;
  context.until = tuna::Clock::now() + 200ms;
  const auto result = make(30)->run(context);
  EXPECT_EQ(result.status, tuna::Status::error);
  EXPECT_LT(slept(context), 5.0);
  EXPECT_NE(result.message.find("deadline"), std::string::npos);
}

TEST_F(SleepPlugin, PlanSaysHowLong) {
  RecordingContext context;
  const auto plan = make(1.5)->plan(context);
  ASSERT_EQ(plan.size(), 1u);
  EXPECT_EQ(plan[0], "sleep 1.5 s");
}
