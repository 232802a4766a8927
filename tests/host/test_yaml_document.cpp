// Reading YAML defensively: syntax errors, duplicate keys, and every kind of file that is
// not a sane YAML document get a located error in bounded time, never a crash.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>

#include "pipeline_text_checks.hpp"
#include "yaml_document.hpp"

namespace tuna::host {
namespace {

using ::testing::HasSubstr;
namespace fs = std::filesystem;

class YamlDocumentTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) / ("tuna_yaml_" + std::to_string(std::random_device{}()) + "_" +
                                             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path write(const std::string& name, const std::string& text) {
    auto path = dir_ / name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  // Reads `text` from a file and expects exactly one error, returned.
  Diagnostic only_error(const std::string& text) {
    diagnostics_ = {};
    document_ = read_yaml_file(write("doc.yaml", text), diagnostics_);
    EXPECT_EQ(diagnostics_.all().size(), 1u) << render_all(diagnostics_, document_.text, false);
    return diagnostics_.all().empty() ? Diagnostic{} : diagnostics_.all().front();
  }

  fs::path dir_;
  Diagnostics diagnostics_;
  YamlDocument document_;
};

// Wall time of `work`, to show that hostile input is dealt with promptly.
template <class Work>
double seconds_taken(Work work) {
  const auto start = std::chrono::steady_clock::now();
  work();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

TEST_F(YamlDocumentTest, ReadsAValidDocument) {
  auto path = write("ok.yaml", "name: demo\nsteps:\n  - name: a\n");
  auto document = read_yaml_file(path, diagnostics_);
  EXPECT_TRUE(document.ok);
  EXPECT_FALSE(diagnostics_.has_errors());
  EXPECT_EQ(document.file, path.string());
  EXPECT_EQ(document.text, "name: demo\nsteps:\n  - name: a\n");
  EXPECT_EQ(document.root["name"].Scalar(), "demo");
  // 1-based, where the value starts.
  auto where = location_of(document.file, document.root["steps"][0]["name"]);
  EXPECT_EQ(where.file, path.string());
  EXPECT_EQ(where.line, 3);
  EXPECT_EQ(where.column, 11);
}

TEST_F(YamlDocumentTest, SyntaxErrorAtYamlCppsMark) {
  auto d = only_error("steps:\n  - name: a\n    settings: {seconds: 1\n  - name: b\n");
  EXPECT_EQ(d.severity, Severity::error);
  EXPECT_THAT(d.message, HasSubstr("YAML syntax"));
  EXPECT_THAT(d.message, HasSubstr("flow"));
  EXPECT_EQ(d.where.line, 4);
  EXPECT_FALSE(document_.ok);
  EXPECT_FALSE(document_.text.empty());  // kept for the excerpt
}

TEST_F(YamlDocumentTest, DuplicateKeysAreReportedAtTheSecondAndTheFirstCounts) {
  auto d = only_error("a: 1\nb: 2\nsub:\n  x: 1\n  x: 2\n");
  EXPECT_EQ(d.message, "duplicate key 'x' (only the first would count)");
  EXPECT_EQ(d.where.line, 5);
  EXPECT_EQ(d.where.column, 3);
  EXPECT_TRUE(document_.ok);  // not fatal: validation goes on and reports the rest
  auto sub = entries(document_.root["sub"]);
  ASSERT_EQ(sub.size(), 1u);
  EXPECT_EQ(sub[0].value.Scalar(), "1");
}

TEST_F(YamlDocumentTest, DuplicateKeysInsideSequencesAndFlowMappings) {
  read_yaml_file(write("d.yaml", "- {a: 1, a: 2}\n- b: 1\n  c: 2\n  b: 3\n"), diagnostics_);
  ASSERT_EQ(diagnostics_.all().size(), 2u);
  EXPECT_EQ(diagnostics_.all()[0].where.line, 1);
  EXPECT_EQ(diagnostics_.all()[0].where.column, 10);
  EXPECT_EQ(diagnostics_.all()[1].where.line, 4);
  EXPECT_EQ(diagnostics_.all()[1].where.column, 3);
}

TEST_F(YamlDocumentTest, KeysMustBeScalars) {
  auto d = only_error("? [a, b]\n: 1\n");
  EXPECT_THAT(d.message, HasSubstr("a key must be a plain value, not a sequence"));
  EXPECT_EQ(d.where.line, 1);
}

TEST_F(YamlDocumentTest, EmptyFile) {
  EXPECT_THAT(only_error("").message, HasSubstr("empty"));
  EXPECT_THAT(only_error("# nothing but a comment\n\n").message, HasSubstr("empty"));
}

TEST_F(YamlDocumentTest, BinaryFileIsLocatedAndNotEchoed) {
  auto d = only_error(std::string("name: x\nab\0cd\n", 14));
  EXPECT_THAT(d.message, HasSubstr("binary"));
  EXPECT_EQ(d.where.line, 2);
  EXPECT_EQ(d.where.column, 3);
  EXPECT_TRUE(document_.text.empty());
}

TEST_F(YamlDocumentTest, InvalidUtf8IsLocated) {
  auto d = only_error("name: caf\xE9\n");  // Latin-1, not UTF-8
  EXPECT_THAT(d.message, HasSubstr("not UTF-8"));
  EXPECT_THAT(d.message, HasSubstr("0xE9"));
  EXPECT_EQ(d.where.line, 1);
  EXPECT_EQ(d.where.column, 10);
}

TEST_F(YamlDocumentTest, DirectoryAndMissingFile) {
  read_yaml_file(dir_, diagnostics_);
  ASSERT_EQ(diagnostics_.all().size(), 1u);
  EXPECT_THAT(diagnostics_.all()[0].message, HasSubstr("is a directory"));
  EXPECT_EQ(diagnostics_.all()[0].where.line, 0);

  Diagnostics missing;
  auto document = read_yaml_file(dir_ / "absent.yaml", missing);
  ASSERT_EQ(missing.all().size(), 1u);
  EXPECT_THAT(missing.all()[0].message, HasSubstr("no such file"));
  EXPECT_EQ(missing.all()[0].where.file, (dir_ / "absent.yaml").string());
  EXPECT_FALSE(document.ok);
}

TEST_F(YamlDocumentTest, HugeFileIsRefusedUnread) {
  const YamlLimits limits;
  const std::string huge = "# " + std::string(limits.max_bytes, 'x') + "\n";
  Diagnostic d;
  EXPECT_LT(seconds_taken([&] { d = only_error(huge); }), 10.0);
  EXPECT_THAT(d.message, HasSubstr("too large"));
  EXPECT_THAT(d.message, HasSubstr(std::to_string(limits.max_bytes)));
}

TEST_F(YamlDocumentTest, DeepFlowNestingIsRefusedBeforeParsing) {
  const int deep = 100000;  // far past what yaml-cpp's recursion survives
  Diagnostic d;
  EXPECT_LT(
      seconds_taken([&] { d = only_error("a: " + std::string(deep, '[') + std::string(deep, ']') + "\n"); }),
      10.0);
  EXPECT_THAT(d.message, HasSubstr("nests more than 64 levels"));
  EXPECT_EQ(d.where.line, 1);
}

TEST_F(YamlDocumentTest, DeepBlockNestingIsRefusedBeforeParsing) {
  std::string mappings, sequences;
  // Indentation grows with depth: 2000 levels stay under the size limit.
  for (int level = 0; level < 2000; ++level) mappings += std::string(level, ' ') + "k:\n";
  for (int level = 0; level < 20000; ++level) sequences += "- ";
  sequences += "x\n";
  for (const auto& text : {mappings, sequences}) {
    Diagnostic d;
    EXPECT_LT(seconds_taken([&] { d = only_error(text); }), 10.0);
    EXPECT_THAT(d.message, HasSubstr("nests more than 64 levels"));
  }
}

TEST_F(YamlDocumentTest, NestingUnderTheLimitIsFine) {
  read_yaml_file(write("n.yaml", "a: " + std::string(60, '[') + std::string(60, ']') + "\n"), diagnostics_);
  EXPECT_FALSE(diagnostics_.has_errors()) << render_all(diagnostics_, "", false);
}

TEST_F(YamlDocumentTest, AliasBombIsStoppedPromptly) {
  // Nine levels of ten aliases each: a billion leaves if walked naively.
  std::string bomb = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
  for (int level = 1; level <= 9; ++level) {
    const auto previous = "*a" + std::to_string(level - 1);
    bomb += "a" + std::to_string(level) + ": &a" + std::to_string(level) + " [";
    for (int i = 0; i < 10; ++i) bomb += (i ? ", " : "") + previous;
    bomb += "]\n";
  }
  Diagnostic d;
  EXPECT_LT(seconds_taken([&] { d = only_error(bomb); }), 10.0);
  EXPECT_THAT(d.message, HasSubstr("alias bomb"));
  EXPECT_FALSE(document_.ok);
}

TEST_F(YamlDocumentTest, AnchorThatContainsItselfIsStopped) {
  Diagnostic d;
  EXPECT_LT(seconds_taken([&] { d = only_error("a: &loop [x, *loop]\n"); }), 10.0);
  EXPECT_THAT(d.message, HasSubstr("contains itself"));
  EXPECT_FALSE(document_.ok);
}

TEST_F(YamlDocumentTest, ParsesTextInMemory) {
  auto document = parse_yaml_text("inline.yaml", "x: [1, 2]\n", diagnostics_);
  EXPECT_TRUE(document.ok);
  EXPECT_EQ(location_of(document.file, document.root["x"]).column, 4);
}

TEST(YamlDescribe, SaysWhatANodeIs) {
  EXPECT_EQ(describe(YAML::Load("{a: 1}")), "a mapping");
  EXPECT_EQ(describe(YAML::Load("[1]")), "a sequence");
  EXPECT_EQ(describe(YAML::Load("~")), "nothing");
  EXPECT_EQ(describe(YAML::Load("\"5201x\"")), "\"5201x\"");
  EXPECT_EQ(location_of("f", YAML::Node()).line, 0);  // not from a file
}

TEST(NestingScan, CountsCollectionsOfAPipeline) {
  const std::string pipeline =
      "name: demo\n"
      "steps:\n"
      "  - name: a\n"
      "    settings:\n"
      "      client: {udp: [1, 2]}\n";
  // root mapping, steps, the step, settings, client, udp: six levels; the estimate may
  // count one more but never fewer.
  auto scan = deepest_nesting(pipeline, 64);
  EXPECT_GE(scan.depth, 6);
  EXPECT_LE(scan.depth, 7);
  EXPECT_EQ(scan.line, 5);
}

TEST(NestingScan, BlockScalarsAndQuotesAreText) {
  std::string text = "description: |\n";
  for (int i = 1; i < 100; ++i) text += std::string(2 * i, ' ') + "[{[{\n";
  text += "quoted: \"[[[[[[[[[[[[[[[[\"\nplain: don't [[[[[[[[[\n";
  EXPECT_LE(deepest_nesting(text, 64).depth, 2);
}

TEST(NestingScan, ApostrophesInPlainTextDoNotHideLaterNesting) {
  // Were "don't" taken as the start of a quoted string, the brackets would be missed.
  const std::string text = "a: don't\nb: " + std::string(100, '[') + "\n";
  EXPECT_GT(deepest_nesting(text, 64).depth, 64);
}

TEST(NestingScan, AnchorsAndTagsBeforeACollectionDoNotHideIt) {
  EXPECT_GT(deepest_nesting("a: &x " + std::string(100, '['), 64).depth, 64);
  EXPECT_GT(deepest_nesting("a: !!seq " + std::string(100, '['), 64).depth, 64);
}

}  // namespace
}  // namespace tuna::host
