// How a problem is printed: location, severity, message, the source line and a caret
// under the column.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "diagnostics.hpp"

namespace tuna::host {
namespace {

using ::testing::HasSubstr;

const std::string source = "name: demo\nsteps:\n  - name: a\n    component: slep\n";

TEST(Diagnostics, CollectsInOrderAndCountsErrors) {
  Diagnostics diagnostics;
  EXPECT_FALSE(diagnostics.has_errors());
  diagnostics.warning({"p.yaml", 4, 16}, "first");
  EXPECT_FALSE(diagnostics.has_errors());
  diagnostics.error({"p.yaml", 1, 1}, "second");
  diagnostics.error({"p.yaml", 2, 1}, "third");
  EXPECT_TRUE(diagnostics.has_errors());
  EXPECT_EQ(diagnostics.error_count(), 2u);
  ASSERT_EQ(diagnostics.all().size(), 3u);
  EXPECT_EQ(diagnostics.all()[0].message, "first");
  EXPECT_EQ(diagnostics.all()[0].severity, Severity::warning);
  EXPECT_EQ(diagnostics.all()[2].message, "third");
}

TEST(Diagnostics, SortsIntoFileOrderKeepingTiesInOrderFound) {
  Diagnostics diagnostics;
  diagnostics.error({"p.yaml", 3, 1}, "c");
  diagnostics.error({"p.yaml", 1, 5}, "b1");
  diagnostics.warning({"p.yaml", 1, 5}, "b2");
  diagnostics.error({"p.yaml", 1, 2}, "a");
  diagnostics.error({"p.yaml", 0, 0}, "file");
  diagnostics.sort_by_location();
  std::vector<std::string> order;
  for (const auto& d : diagnostics.all()) order.push_back(d.message);
  EXPECT_EQ(order, (std::vector<std::string>{"file", "a", "b1", "b2", "c"}));
}

TEST(Diagnostics, RendersLocationLineAndCaret) {
  const Diagnostic d{Severity::error, {"p.yaml", 4, 16}, "unknown component 'slep'"};
  EXPECT_EQ(render(d, source, false),
            "p.yaml:4:16: error: unknown component 'slep'\n"
            "      component: slep\n"
            "                 ^\n");
}

TEST(Diagnostics, WarningsSayWarning) {
  const Diagnostic d{Severity::warning, {"p.yaml", 1, 7}, "old"};
  EXPECT_EQ(render(d, source, false), "p.yaml:1:7: warning: old\n  name: demo\n        ^\n");
}

TEST(Diagnostics, NoLineMeansNoExcerpt) {
  const Diagnostic d{Severity::error, {"p.yaml", 0, 0}, "no such file"};
  EXPECT_EQ(render(d, source, false), "p.yaml: error: no such file\n");
  EXPECT_EQ(render(d, "", false), "p.yaml: error: no such file\n");
}

TEST(Diagnostics, NoSourceOrLineBeyondItMeansNoExcerpt) {
  const Diagnostic d{Severity::error, {"p.yaml", 2, 3}, "bad"};
  EXPECT_EQ(render(d, "", false), "p.yaml:2:3: error: bad\n");
  const Diagnostic beyond{Severity::error, {"p.yaml", 40, 1}, "bad"};
  EXPECT_EQ(render(beyond, source, false), "p.yaml:40:1: error: bad\n");
}

TEST(Diagnostics, CaretCountsCharactersAndKeepsTabs) {
  // yaml-cpp columns count bytes; "é" is two of them but one character on screen.
  const Diagnostic accented{Severity::error, {"p.yaml", 1, 5}, "x"};
  EXPECT_EQ(render(accented, "é: é\n", false), "p.yaml:1:5: error: x\n  é: é\n     ^\n");
  const Diagnostic tabbed{Severity::error, {"p.yaml", 1, 3}, "x"};
  EXPECT_EQ(render(tabbed, "a\tb\n", false), "p.yaml:1:3: error: x\n  a\tb\n   \t^\n");
}

TEST(Diagnostics, CarriageReturnsAreNotPrinted) {
  const Diagnostic d{Severity::error, {"p.yaml", 1, 1}, "x"};
  EXPECT_EQ(render(d, "key: v\r\nnext\r\n", false), "p.yaml:1:1: error: x\n  key: v\n  ^\n");
}

TEST(Diagnostics, VeryLongLinesAreCutAroundTheColumn) {
  const std::string line = std::string(5000, 'a') + "X" + std::string(5000, 'b');
  const Diagnostic d{Severity::error, {"p.yaml", 1, 5001}, "here"};
  const auto text = render(d, line, false);
  EXPECT_LT(text.size(), 400u);
  // The caret still points at the X.
  const auto excerpt_start = text.find("\n  ") + 3;
  const auto caret_line_start = text.find('\n', excerpt_start) + 3;
  const auto x_offset = text.find('X', excerpt_start) - excerpt_start;
  EXPECT_EQ(text.find('^', caret_line_start) - caret_line_start, x_offset);
}

TEST(Diagnostics, ColourAddsEscapesAroundTheSameText) {
  const Diagnostic d{Severity::error, {"p.yaml", 4, 16}, "unknown component 'slep'"};
  const auto coloured = render(d, source, true);
  EXPECT_THAT(coloured, HasSubstr("\x1b["));
  EXPECT_THAT(coloured, HasSubstr("unknown component 'slep'"));
  EXPECT_EQ(render(d, source, false).find("\x1b["), std::string::npos);
}

TEST(Diagnostics, RenderAllJoinsEveryDiagnostic) {
  Diagnostics diagnostics;
  diagnostics.error({"p.yaml", 0, 0}, "one");
  diagnostics.warning({"p.yaml", 0, 0}, "two");
  EXPECT_EQ(render_all(diagnostics, source, false), "p.yaml: error: one\np.yaml: warning: two\n");
}

}  // namespace
}  // namespace tuna::host
