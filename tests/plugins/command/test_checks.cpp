// What `tuna check` says about command steps before anything runs: the rules across
// options (argv or shell, a program that is one word, an output name that stays in the
// step's directory) and the schema's ranges, each at the line and column it concerns.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "command_pipeline.hpp"

namespace tuna::command_test {
namespace {

using testing::HasSubstr;
using testing::Not;

// What tuna said when it refused a one-step pipeline, and the pipeline it refused.
struct Refusal {
  std::string err;
  std::string file;
  std::string text;
  // "<file>:<line>:<column>" of the first `needle` in the pipeline, as messages start.
  std::string at(const std::string& needle) const { return file + ":" + position_of(text, needle); }
};
Refusal refused(const std::string& settings) {
  CommandPipeline pipeline;
  pipeline.step("probe", settings);
  const auto checked = pipeline.check();
  EXPECT_EQ(checked.status, 2) << checked.err;
  return {checked.err, pipeline.file().string(), pipeline.text()};
}

TEST(CommandChecks, ArgvAndShellTogetherAreRefusedAtShell) {
  const std::string settings = "      argv: [ls]\n      shell: ls\n";
  const auto result = refused(settings);
  EXPECT_THAT(result.err, HasSubstr(result.at("ls\n")));
  EXPECT_THAT(result.err, HasSubstr("'argv' and 'shell' exclude each other"));
}

TEST(CommandChecks, NeitherArgvNorShellIsRefusedAtTheSettings) {
  const std::string settings = "      timeout: 5\n";
  const auto result = refused(settings);
  EXPECT_THAT(result.err, HasSubstr(result.at("timeout: 5")));
  EXPECT_THAT(result.err, HasSubstr("nothing to run"));
}

TEST(CommandChecks, EmptyArgvEmptyProgramBlankShellAndNoAcceptedStatusAreRefused) {
  EXPECT_THAT(refused("      argv: []\n").err, HasSubstr("'argv' is empty"));
  EXPECT_THAT(refused("      argv: ['', x]\n").err, HasSubstr("the program (argv's first word) is empty"));
  EXPECT_THAT(refused("      shell: '  '\n").err, HasSubstr("'shell' is empty"));
  EXPECT_THAT(refused("      argv: [true]\n      expect_status: []\n").err, HasSubstr("no exit status would pass"));
}

TEST(CommandChecks, ACommandLineWrittenAsOneWordIsRefusedWithTheListToWrite) {
  const std::string settings = "      argv: ['ip route show']\n";
  const auto result = refused(settings);
  EXPECT_THAT(result.err, HasSubstr(result.at("['ip route")));
  EXPECT_THAT(result.err, HasSubstr("[ip, route, show]"));
}

TEST(CommandChecks, AProgramPathWithASpaceIsAccepted) {
  CommandPipeline pipeline;
  pipeline.step("probe", "      argv: ['/opt/My Tools/dump', -v]\n");
  const auto checked = pipeline.check();
  EXPECT_EQ(checked.status, 0) << checked.err;
}

TEST(CommandChecks, AnOutputNameThatIsAPathIsRefused) {
  for (const std::string name : {"../escape", "sub/file", ".hidden", "a b"}) {
    const auto settings = "      argv: [true]\n      output: " + yaml_text(name) + "\n";
    const auto result = refused(settings);
    EXPECT_THAT(result.err, HasSubstr(result.at(yaml_text(name))));
    EXPECT_THAT(result.err, HasSubstr("must be a plain file name")) << name;
  }
}

TEST(CommandChecks, ExitStatusesOutsideZeroTo255AreRefusedAtTheItem) {
  const std::string settings = "      argv: [true]\n      expect_status: [0, 256]\n";
  const auto result = refused(settings);
  EXPECT_THAT(result.err, HasSubstr(result.at("256")));
  EXPECT_THAT(result.err, HasSubstr("expect_status"));
}

TEST(CommandChecks, ATimeoutOfZeroIsRefused) {
  const std::string settings = "      argv: [true]\n      timeout: 0\n";
  const auto result = refused(settings);
  EXPECT_THAT(result.err, HasSubstr(result.at("0\n")));
  EXPECT_THAT(result.err, HasSubstr("timeout"));
}

TEST(CommandChecks, OneStatusOrAListOfThemAndTheExampleAreAccepted) {
  CommandPipeline pipeline;
  pipeline.step("one", "      argv: [true]\n      expect_status: 3\n")
      .step("several", "      shell: 'exit 1'\n      expect_status: [0, 1]\n");
  const auto checked = pipeline.check();
  EXPECT_EQ(checked.status, 0) << checked.err;
  EXPECT_THAT(checked.err + checked.out, Not(HasSubstr("error")));

  const auto example = test::run_tuna("example command");
  ASSERT_EQ(example.status, 0) << example.err;
  TempDir dir;
  const auto file = dir.write("example.yaml", "hosts:\n  dut: { address: localhost }\nsteps:\n" + example.out);
  const auto example_checked = test::run_tuna("check " + file.string());
  EXPECT_EQ(example_checked.status, 0) << example.out << example_checked.err;
}

}  // namespace
}  // namespace tuna::command_test
