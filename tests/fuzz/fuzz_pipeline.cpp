// A pipeline file, loaded and validated as `tuna check` does, against the real
// components: the iperf and sleep plugins of this build, loaded in process as tuna loads
// them. A valid pipeline's steps are also made (create), as `tuna run` makes them before
// running; nothing runs.
//
// load_pipeline never throws for bad input, sets the pipeline exactly when there are no
// errors, and every diagnostic renders with its source excerpt.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <system_error>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "component_registry.hpp"
#include "diagnostics.hpp"
#include "pipeline.hpp"

namespace {

using namespace tuna::host;
namespace fs = std::filesystem;

[[noreturn]] void fail(const std::string& why) {
  fmt::print(stderr, "fuzz_pipeline: {}\n", why);
  std::abort();
}

const ComponentRegistry& registry() {
  static const ComponentRegistry loaded({fs::path(TUNA_PLUGIN_DIR)});
  static const bool checked = [] {
    for (const auto& error : loaded.errors()) fail(error);
    const tuna::Alias* alias = nullptr;
    for (const char* name : {"iperf", "sleep"}) {
      if (!loaded.find(name, &alias)) fail(fmt::format("no {} component in {}", name, TUNA_PLUGIN_DIR));
    }
    return true;
  }();
  (void)checked;
  return loaded;
}

// One file per fuzzing process, rewritten for every input (load_pipeline reads a path),
// in a directory removed at exit.
struct ScratchDir {
  fs::path path = fs::temp_directory_path() / fmt::format("tuna_fuzz_pipeline_{}", ::getpid());
  ScratchDir() { fs::create_directories(path); }
  ~ScratchDir() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
};

const fs::path& input_file() {
  static const ScratchDir dir;
  static const fs::path file = dir.path / "pipeline.yaml";
  return file;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::ofstream(input_file(), std::ios::binary | std::ios::trunc)
      .write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  const auto result = load_pipeline(input_file(), registry());
  if (result.pipeline.has_value() == result.diagnostics.has_errors())
    fail("the pipeline must be set exactly when there are no errors");
  render_all(result.diagnostics, result.source, true);
  if (result.pipeline) {
    for (const auto& step : result.pipeline->steps) step.spec->create(step.settings);
  }
  return 0;
}
