// The iperf step's preflight (`tuna check --connect`) against scripted hosts: the tool and
// versions it finds, one ping per client -> server path, and what it reports missing.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "component/iperf_spec.hpp"
#include "component/iperf_step.hpp"
#include "fake_host.hpp"
#include "fake_run_context.hpp"
#include "local_host.hpp"

using testing::HasSubstr;

namespace {

using tuna::test::ScriptedRun;

// A host with the given iperf3 banner (none: no iperf3, nor iperf2) whose ping exits with
// `ping_exit` (-1: no ping program).
tuna::test::FakeHost::Script host(std::optional<std::string> iperf3_banner, int ping_exit) {
  return [=](const std::vector<std::string>& argv) -> ScriptedRun {
    if (argv[0] == "ping" && ping_exit >= 0)
      return {
          tuna::test::out_lines(ping_exit == 0 ? "1 packets transmitted, 1 received\n"
                                               : "From 198.18.0.1 icmp_seq=1 Destination Host Unreachable\n"),
          ping_exit};
    if (argv[0] == "iperf3" && iperf3_banner) return {tuna::test::out_lines(*iperf3_banner)};
    throw std::runtime_error(argv[0] + ": not found");
  };
}

struct Lab {
  Lab(tuna::test::FakeHost::Script dut_script, tuna::test::FakeHost::Script peer_script)
      : dut("dut", "198.18.0.1", std::move(dut_script)), peer("peer", "198.18.0.2", std::move(peer_script)) {
    context.add_host(dut);
    context.add_host(peer);
  }
  tuna::Preflight preflight(const std::string& yaml) {
    tuna::iperf::IperfStep step(
        tuna::test::validated_settings(tuna::iperf::component_spec(), "dut: dut\nserver: peer\n" + yaml));
    return step.preflight(context);
  }
  std::vector<std::vector<std::string>> pings(const tuna::test::FakeHost& host) const {
    std::vector<std::vector<std::string>> found;
    for (const auto& argv : host.started())
      if (argv[0] == "ping") found.push_back(argv);
    return found;
  }
  tuna::test::FakeHost dut;
  tuna::test::FakeHost peer;
  tuna::test::FakeRunContext context;
};

}  // namespace

TEST(IperfPreflight, FindsTheToolAndVersionsAndPingsEachPathOnce) {
  const std::string banner = "iperf 3.12 (cJSON 1.7.15)\n";
  Lab lab(host(banner, 0), host("iperf 3.9 (cJSON 1.7.13)\n", 0));
  const auto found = lab.preflight("direction: both\n");
  EXPECT_TRUE(found.problems.empty()) << testing::PrintToString(found.problems);
  ASSERT_FALSE(found.found.empty());
  EXPECT_THAT(found.found[0], HasSubstr("iperf3"));
  EXPECT_THAT(found.found[0], HasSubstr("dut 3.12"));
  EXPECT_THAT(found.found[0], HasSubstr("peer 3.9"));
  // Upstream the DUT pings the server's test address; downstream the reverse.
  ASSERT_EQ(lab.pings(lab.dut).size(), 1u);
  EXPECT_EQ(lab.pings(lab.dut)[0].back(), lab.peer.test_address());
  ASSERT_EQ(lab.pings(lab.peer).size(), 1u);
  EXPECT_EQ(lab.pings(lab.peer)[0].back(), lab.dut.test_address());
}

TEST(IperfPreflight, OneDirectionPingsOnePath) {
  Lab lab(host("iperf 3.12\n", 0), host("iperf 3.12\n", 0));
  lab.preflight("direction: downstream\n");
  EXPECT_TRUE(lab.pings(lab.dut).empty());
  EXPECT_EQ(lab.pings(lab.peer).size(), 1u);
}

TEST(IperfPreflight, AMissingToolAndAnUnreachablePeerAreProblems) {
  Lab lab(host(std::nullopt, 1), host("iperf 3.12\n", 0));
  const auto found = lab.preflight("direction: upstream\ntool: iperf3\n");
  ASSERT_EQ(found.problems.size(), 2u) << testing::PrintToString(found.problems);
  EXPECT_THAT(found.problems[0], HasSubstr("iperf3"));
  EXPECT_THAT(found.problems[0], HasSubstr("dut"));
  EXPECT_THAT(found.problems[1], HasSubstr("dut cannot reach peer at 198.18.0.2"));
  EXPECT_THAT(found.problems[1], HasSubstr("Destination Host Unreachable"));  // ping's own words
}

TEST(IperfPreflight, NoPingIsNotedNotFatal) {
  Lab lab(host("iperf 3.12\n", -1), host("iperf 3.12\n", -1));
  const auto found = lab.preflight("direction: upstream\n");
  EXPECT_TRUE(found.problems.empty()) << testing::PrintToString(found.problems);
  EXPECT_THAT(testing::PrintToString(found.found), HasSubstr("no ping"));
}

// A host that maps the tool to a program of its own: the problem names what was tried.
TEST(IperfPreflight, AMappedProgramThatIsMissingIsNamed) {
  tuna::host::LocalHost dut("dut", "127.0.0.1", {{"iperf3", "/nonexistent/iperf3"}});
  tuna::host::LocalHost peer("peer", "127.0.0.1");
  tuna::test::FakeRunContext context;
  context.add_host(dut);
  context.add_host(peer);
  tuna::iperf::IperfStep step(tuna::test::validated_settings(tuna::iperf::component_spec(),
                                                             "dut: dut\nserver: peer\ntool: iperf3\n"));
  const auto found = step.preflight(context);
  ASSERT_FALSE(found.problems.empty());
  EXPECT_THAT(found.problems[0], HasSubstr("dut has no iperf3 at /nonexistent/iperf3"));
}
