// The scalar parsers behind every option type: accepted spellings, their values in base
// units, and the messages for what is rejected.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

#include "value_parsing.hpp"

namespace tuna::host {
namespace {

using ::testing::HasSubstr;

template <class T>
struct Accepted {
  std::string text;
  T value;
};

TEST(ValueParsing, IntegersAreStrict) {
  const Accepted<std::int64_t> good[] = {{"5201", 5201},
                                         {"-3", -3},
                                         {"+7", 7},
                                         {"0", 0},
                                         {"9223372036854775807", std::numeric_limits<std::int64_t>::max()}};
  for (const auto& [text, value] : good) {
    auto parsed = parse_integer(text);
    ASSERT_TRUE(parsed) << text << ": " << parsed.error();
    EXPECT_EQ(*parsed, value) << text;
  }
  for (const std::string bad : {"5201x", "", "1.5", " 5", "5 ", "0x10", "++1", "+-1", "1e3", "abc"}) {
    auto parsed = parse_integer(bad);
    EXPECT_FALSE(parsed) << bad;
    EXPECT_THAT(parsed.error(), HasSubstr("expected integer")) << bad;
  }
  EXPECT_EQ(parse_integer("5201x").error(), R"(expected integer, got "5201x")");
  EXPECT_THAT(parse_integer("9223372036854775808").error(), HasSubstr("64-bit"));
}

TEST(ValueParsing, NumbersAreFiniteReals) {
  const Accepted<double> good[] = {{"2.5", 2.5}, {"-0.5", -0.5}, {"+3", 3}, {"1e3", 1000}, {".25", 0.25}};
  for (const auto& [text, value] : good) {
    auto parsed = parse_number(text);
    ASSERT_TRUE(parsed) << text << ": " << parsed.error();
    EXPECT_DOUBLE_EQ(*parsed, value) << text;
  }
  for (const std::string bad : {"", "nan", "inf", "-inf", "1.5.2", "2,5", "x1", "1e999"}) {
    auto parsed = parse_number(bad);
    EXPECT_FALSE(parsed) << bad;
    EXPECT_THAT(parsed.error(), HasSubstr("expected number")) << bad;
  }
}

TEST(ValueParsing, BooleansInEveryCommonSpelling) {
  for (const std::string yes : {"true", "True", "YES", "on", "y", "Y"}) {
    auto parsed = parse_boolean(yes);
    ASSERT_TRUE(parsed) << yes;
    EXPECT_TRUE(*parsed) << yes;
  }
  for (const std::string no : {"false", "FALSE", "no", "Off", "n"}) {
    auto parsed = parse_boolean(no);
    ASSERT_TRUE(parsed) << no;
    EXPECT_FALSE(*parsed) << no;
  }
  for (const std::string bad : {"1", "0", "t", "yess", ""}) {
    auto parsed = parse_boolean(bad);
    EXPECT_FALSE(parsed) << bad;
    EXPECT_THAT(parsed.error(), HasSubstr("expected boolean")) << bad;
  }
}

TEST(ValueParsing, DurationsInSecondsWithOptionalUnits) {
  const Accepted<double> good[] = {{"0.5", 0.5},     {"30", 30},   {"1.5s", 1.5},    {"250ms", 0.25},
                                   {"2m", 2 * 60.0}, {"1h", 3600}, {"0.5h", 1800.0}, {"0", 0}};
  for (const auto& [text, value] : good) {
    auto parsed = parse_duration(text);
    ASSERT_TRUE(parsed) << text << ": " << parsed.error();
    EXPECT_DOUBLE_EQ(*parsed, value) << text;
  }
  for (const std::string bad : {"", "s", "1.5x", "2 m", "1S", "5d", "ms"}) {
    auto parsed = parse_duration(bad);
    EXPECT_FALSE(parsed) << bad;
    EXPECT_THAT(parsed.error(), HasSubstr("expected duration")) << bad;
  }
  EXPECT_THAT(parse_duration("-1s").error(), HasSubstr("must not be negative"));
}

TEST(ValueParsing, SizesUsePowersOf1024) {
  const Accepted<double> good[] = {
      {"1460", 1460},        {"128K", 128 * 1024.0},      {"128k", 128 * 1024.0},
      {"1M", 1024.0 * 1024}, {"1.5m", 1.5 * 1024 * 1024}, {"2G", 2 * 1024.0 * 1024 * 1024}};
  for (const auto& [text, value] : good) {
    auto parsed = parse_size(text);
    ASSERT_TRUE(parsed) << text << ": " << parsed.error();
    EXPECT_DOUBLE_EQ(*parsed, value) << text;
  }
  for (const std::string bad : {"", "K", "12KB", "1T", "x"}) {
    auto parsed = parse_size(bad);
    EXPECT_FALSE(parsed) << bad;
    EXPECT_THAT(parsed.error(), HasSubstr("expected size")) << bad;
  }
  EXPECT_THAT(parse_size("-1K").error(), HasSubstr("must not be negative"));
}

TEST(ValueParsing, BitratesUsePowersOf1000) {
  const Accepted<double> good[] = {
      {"1000", 1000}, {"100M", 100e6}, {"100m", 100e6}, {"1G", 1e9}, {"2.5k", 2500}};
  for (const auto& [text, value] : good) {
    auto parsed = parse_bitrate(text);
    ASSERT_TRUE(parsed) << text << ": " << parsed.error();
    EXPECT_DOUBLE_EQ(*parsed, value) << text;
  }
  for (const std::string bad : {"", "M", "10Mbit", "fast"}) {
    auto parsed = parse_bitrate(bad);
    EXPECT_FALSE(parsed) << bad;
    EXPECT_THAT(parsed.error(), HasSubstr("expected bitrate")) << bad;
  }
}

TEST(ValueParsing, EnumerationsMatchExactlyOrByUnambiguousPrefix) {
  const std::vector<std::string> directions{"up", "down", "both"};
  const Accepted<std::string> with_prefix[] = {{"up", "up"},   {"u", "up"},   {"Down", "down"},
                                               {"DO", "down"}, {"b", "both"}, {"BOTH", "both"}};
  for (const auto& [text, value] : with_prefix) {
    auto parsed = match_enumeration(text, directions, true);
    ASSERT_TRUE(parsed) << text << ": " << parsed.error();
    EXPECT_EQ(*parsed, value) << text;
  }
  EXPECT_TRUE(match_enumeration("down", directions, false));
  EXPECT_FALSE(match_enumeration("d", directions, false));
  EXPECT_FALSE(match_enumeration("Down", directions, false));

  auto unknown = match_enumeration("sideways", directions, true);
  ASSERT_FALSE(unknown);
  EXPECT_THAT(unknown.error(), HasSubstr("expected one of up, down, both"));
  EXPECT_THAT(match_enumeration("dwon", directions, true).error(), HasSubstr("did you mean 'down'?"));
}

TEST(ValueParsing, AmbiguousPrefixListsTheCandidates) {
  const std::vector<std::string> modes{"tcp", "udp", "up", "upload"};
  auto ambiguous = match_enumeration("u", modes, true);
  ASSERT_FALSE(ambiguous);
  EXPECT_THAT(ambiguous.error(), HasSubstr("ambiguous"));
  EXPECT_THAT(ambiguous.error(), HasSubstr("udp, up, upload"));
  // A value written out in full is not ambiguous with longer values it begins.
  auto whole = match_enumeration("UP", modes, true);
  ASSERT_TRUE(whole) << whole.error();
  EXPECT_EQ(*whole, "up");
}

TEST(ValueParsing, OptionValuesAreRangeCheckedInTheirUnit) {
  tuna::OptionSpec seconds{.name = "seconds", .type = tuna::OptionType::duration, .min = 0.0, .max = 86400.0};
  auto parsed = parse_option_value(seconds, "2m");
  ASSERT_TRUE(parsed) << parsed.error();
  EXPECT_DOUBLE_EQ(std::get<double>(*parsed), 120.0);

  auto too_long = parse_option_value(seconds, "25h");
  ASSERT_FALSE(too_long);
  EXPECT_EQ(too_long.error(), R"("25h" (90000 s) is out of range: must be between 0 s and 86400 s)");

  tuna::OptionSpec port{.name = "port", .type = tuna::OptionType::integer, .min = 1.0, .max = 65535.0};
  EXPECT_EQ(parse_option_value(port, "70000").error(), "70000 is out of range: must be between 1 and 65535");
  EXPECT_EQ(std::get<std::int64_t>(*parse_option_value(port, "65535")), 65535);

  tuna::OptionSpec length{.name = "length", .type = tuna::OptionType::size, .max = 1024.0 * 1024};
  EXPECT_THAT(parse_option_value(length, "2M").error(), HasSubstr("must be at most 1048576 bytes (1M)"));

  tuna::OptionSpec rate{.name = "rate", .type = tuna::OptionType::bitrate, .min = 1000.0};
  EXPECT_THAT(parse_option_value(rate, "10").error(), HasSubstr("must be at least 1000 bits/s (1K)"));
}

TEST(ValueParsing, ListElementsUseTheElementType) {
  tuna::OptionSpec ports{
      .name = "ports", .type = tuna::OptionType::list, .max = 65535.0, .element = tuna::OptionType::integer};
  auto parsed = parse_option_value(ports, "5201");
  ASSERT_TRUE(parsed) << parsed.error();
  EXPECT_EQ(std::get<std::int64_t>(*parsed), 5201);
  EXPECT_THAT(parse_option_value(ports, "x").error(), HasSubstr("expected integer"));
  EXPECT_THAT(parse_option_value(ports, "65536").error(), HasSubstr("out of range"));
}

TEST(ValueParsing, CanonicalTextReadsBackAsTheSameValue) {
  tuna::OptionSpec number{.name = "n", .type = tuna::OptionType::number};
  for (double value : {0.1, 1e9, -2.5, 1.0 / 3}) {
    auto back = parse_option_value(number, canonical_text(value));
    ASSERT_TRUE(back) << canonical_text(value);
    EXPECT_EQ(std::get<double>(*back), value);
  }
  EXPECT_EQ(canonical_text(true), "true");
  EXPECT_EQ(canonical_text(std::int64_t{-42}), "-42");
  EXPECT_EQ(canonical_text(std::string("tcp")), "tcp");
}

TEST(ValueParsing, LongInputIsShortenedInMessages) {
  const std::string long_text(500, '7');
  auto parsed = parse_boolean(long_text);
  ASSERT_FALSE(parsed);
  EXPECT_LT(parsed.error().size(), 150u);
  EXPECT_THAT(parsed.error(), HasSubstr("..."));
}

}  // namespace
}  // namespace tuna::host
