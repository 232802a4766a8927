// The sleep component: waits a number of seconds. It is also the smallest complete
// plugin, the one to copy when writing a new component (docs/WRITING_PLUGINS.md walks
// through it): a schema, check_rep, an example, a Step, and the exported descriptor.
#include <algorithm>
#include <chrono>
#include <thread>

#include <tuna/plugin_api.hpp>

namespace {

using namespace std::chrono_literals;

class SleepStep final : public tuna::Step {
 public:
  explicit SleepStep(double seconds) : seconds_(seconds) {}

  std::vector<std::string> plan(tuna::RunContext&) const override {
    return {fmt::format("sleep {:g} s", seconds_)};
  }

  tuna::StepResult run(tuna::RunContext& context) override {
    const auto start = tuna::Clock::now();
    const auto wanted = start + std::chrono::duration_cast<tuna::Clock::duration>(
                                    std::chrono::duration<double>(seconds_));
    const auto until = std::min(wanted, context.deadline());
    // Short ticks so that Ctrl-C and the progress line both stay responsive.
    while (tuna::Clock::now() < until && !context.cancelled()) {
      const std::chrono::duration<double> left = until - tuna::Clock::now();
      context.progress(fmt::format("{:.1f} s left", std::max(0.0, left.count())));
      std::this_thread::sleep_for(std::min<tuna::Clock::duration>(100ms, until - tuna::Clock::now()));
    }
    const std::chrono::duration<double> slept = tuna::Clock::now() - start;
    tuna::Measurement m;
    m.metrics.push_back({"slept", slept.count(), "s"});
    if (context.cancelled()) {
      m.status = tuna::Status::error;
      m.message = fmt::format("interrupted after {:.2f} s of {:g} s", slept.count(), seconds_);
    } else if (until < wanted) {
      m.status = tuna::Status::error;
      m.message = fmt::format("step deadline reached after {:.2f} s of {:g} s", slept.count(), seconds_);
    }
    tuna::StepResult result{m.status, m.message};
    context.record(std::move(m));
    return result;
  }

 private:
  double seconds_;
};

const std::vector<tuna::ComponentSpec>& components() {
  static const std::vector<tuna::ComponentSpec> specs = [] {
    tuna::ComponentSpec spec;
    spec.name = "sleep";
    spec.summary = "Wait a number of seconds, e.g. to let a link settle between steps";
    spec.description =
        "Waits for `seconds`, then passes. On a terminal it shows the time left. It stops "
        "early, with status error, when the run is interrupted or the step's timeout "
        "passes.";
    spec.schema = {
        {.name = "seconds",
         .type = tuna::OptionType::duration,
         .description = "How long to wait, in seconds; fractions allowed (0.5, 250ms)",
         .required = true,
         .min = 0.0,
         .max = 86400.0},
    };
    // One option leaves no cross-field rule to check.
    spec.check_rep = [](const tuna::Config&) { return std::vector<tuna::Problem>{}; };
    spec.example =
        "- name: settle\n"
        "  component: sleep\n"
        "  settings:\n"
        "    seconds: 0.5\n";
    spec.create = [](const tuna::Config& config) -> std::unique_ptr<tuna::Step> {
      return std::make_unique<SleepStep>(config.number("seconds"));
    };
    return std::vector<tuna::ComponentSpec>{std::move(spec)};
  }();
  return specs;
}

}  // namespace

namespace tuna_sleep {
const tuna::PluginDescriptor descriptor{
    tuna::plugin_abi_version, TUNA_PLUGIN_NAME, TUNA_PLUGIN_VERSION, &components};
}
TUNA_PLUGIN(tuna_sleep::descriptor)
