// A fuzz target without libFuzzer: runs it once over each file named on the command line.
// This is how a build without TUNA_FUZZ (g++, no sanitizers) replays the regressions and
// seeds; a target that aborts or throws fails the ctest test.
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>

#include <fmt/format.h>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::ifstream in(argv[i], std::ios::binary);
    if (!in) {
      fmt::print(stderr, "cannot read {}\n", argv[i]);
      return 1;
    }
    const std::string input{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(input.data()), input.size());
  }
  fmt::print("ran {} inputs\n", argc - 1);
  return 0;
}
