// One definition of well-formed UTF-8 for the host (pipeline files) and the plugins (the
// tools' words in messages and JSON).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <tuna/support/utf8.hpp>

namespace {

using tuna::support::first_invalid_utf8;
using tuna::support::valid_utf8;

TEST(Utf8, FindsTheFirstBadByte) {
  EXPECT_EQ(first_invalid_utf8("plain ascii"), std::nullopt);
  EXPECT_EQ(first_invalid_utf8("caf\xC3\xA9 \xF0\x9F\x90\x9F"), std::nullopt);  // é and a fish
  EXPECT_EQ(first_invalid_utf8("ab\xC0\xAF"), 2u);                              // overlong '/'
  EXPECT_EQ(first_invalid_utf8("a\xED\xA0\x80"), 1u);                           // a UTF-16 surrogate
  EXPECT_EQ(first_invalid_utf8("abc\xE2\x82"), 3u);                             // cut short
  EXPECT_EQ(first_invalid_utf8("\xF4\x90\x80\x80"), 0u);                        // above U+10FFFF
  EXPECT_EQ(first_invalid_utf8("x\x80"), 1u);                                   // a stray continuation
  EXPECT_EQ(first_invalid_utf8(""), std::nullopt);
}

// valid_utf8 writes what nlohmann::json's replacing serialiser writes (the independent
// reference here), and leaves UTF-8 as it is.
TEST(Utf8, ValidUtf8ReplacesEachBadByteAsNlohmannDoes) {
  for (const std::string text : {"plain", "caf\xC3\xA9 \xF0\x9F\x90\x9F", "ab\xC0\xAF", "a\xED\xA0\x80z",
                                 "abc\xE2\x82", "\xF4\x90\x80\x80", "x\x80y\xFF", "\xE2\x82\xAC ok \xC3"}) {
    SCOPED_TRACE(testing::PrintToString(text));
    const auto reference = nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    EXPECT_EQ("\"" + valid_utf8(text) + "\"", reference);
    EXPECT_EQ(first_invalid_utf8(valid_utf8(text)), std::nullopt);
  }
  EXPECT_EQ(valid_utf8("caf\xC3\xA9"), "caf\xC3\xA9");
}

}  // namespace
