// "did you mean": typos find their word, unrelated words find nothing.
#include <gtest/gtest.h>

#include "suggest.hpp"

namespace tuna::host {
namespace {

const std::vector<std::string> options{"direction", "duration", "port", "protocol", "parallel", "bitrate"};

TEST(Suggest, FindsTheWordATypoMeant) {
  EXPECT_EQ(closest("dirction", options), "direction");  // a letter left out
  EXPECT_EQ(closest("duratoin", options), "duration");   // two letters swapped
  EXPECT_EQ(closest("prot", options), "port");           // swapped, in a short word
  EXPECT_EQ(closest("paralel", options), "parallel");
  EXPECT_EQ(closest("bitrates", options), "bitrate");  // a letter too many
}

TEST(Suggest, IgnoresCase) {
  EXPECT_EQ(closest("PORT", options), "port");
  EXPECT_EQ(closest("Direktion", options), "direction");
}

TEST(Suggest, NothingForUnrelatedWords) {
  EXPECT_EQ(closest("colour", options), std::nullopt);
  EXPECT_EQ(closest("x", options), std::nullopt);
  EXPECT_EQ(closest("", options), std::nullopt);
  EXPECT_EQ(closest("port", {}), std::nullopt);
  EXPECT_EQ(closest(std::string(10000, 'p'), options), std::nullopt);
}

TEST(Suggest, PrefersTheCloserCandidateThenTheEarlierOne) {
  EXPECT_EQ(closest("sleap", {"slept", "sleep"}), "sleep");  // 1 edit beats 2
  EXPECT_EQ(closest("cat", {"bat", "hat"}), "bat");          // a tie: the first
}

TEST(Suggest, DidYouMeanPhrase) {
  EXPECT_EQ(did_you_mean("dirction", options), "; did you mean 'direction'?");
  EXPECT_EQ(did_you_mean("colour", options), "");
}

}  // namespace
}  // namespace tuna::host
