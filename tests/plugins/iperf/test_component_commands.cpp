// The iperf command lines the component builds from its settings, per tool and side,
// and who runs them in which direction.
#include <gtest/gtest.h>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "component/command_builder.hpp"
#include "component/iperf_spec.hpp"
#include "component/iperf_step.hpp"
#include "fake_host.hpp"
#include "fake_run_context.hpp"

namespace {

using tuna::iperf::Tool;

tuna::Config settings(const std::string& yaml) {
  return tuna::test::validated_settings(tuna::iperf::component_spec(), "dut: dut\nserver: peer\n" + yaml);
}

std::string client_line(const std::string& yaml, Tool tool) {
  auto argv = tuna::iperf::client_command(settings(yaml), tool, "IPERF", "127.0.0.9", 5201);
  return fmt::format("{}", fmt::join(argv, " "));
}

std::string server_line(const std::string& yaml, Tool tool) {
  auto argv = tuna::iperf::server_command(settings(yaml), tool, "IPERF", 5201);
  return fmt::format("{}", fmt::join(argv, " "));
}

TEST(IperfCommands, Iperf3DefaultsAreJsonClientAndOneOffFlushingServer) {
  EXPECT_EQ(client_line("", Tool::iperf3), "IPERF -c 127.0.0.9 -p 5201 -J -t 10 -i 1");
  // idle timeout: startup_timeout 5 + timeout_margin 5
  EXPECT_EQ(server_line("", Tool::iperf3), "IPERF -s -p 5201 -1 --idle-timeout 10 --forceflush -i 1");
}

TEST(IperfCommands, Iperf2DefaultsAreCsvClientAndTimeBoundedServer) {
  EXPECT_EQ(client_line("", Tool::iperf2), "IPERF -c 127.0.0.9 -p 5201 -y C -t 10 -i 1");
  EXPECT_EQ(server_line("", Tool::iperf2), "IPERF -s -p 5201 -t 15 -i 1");
  EXPECT_EQ(client_line("iperf2_format: human\n", Tool::iperf2), "IPERF -c 127.0.0.9 -p 5201 -t 10 -i 1");
  EXPECT_EQ(client_line("iperf2_format: enhanced\n", Tool::iperf2), "IPERF -c 127.0.0.9 -p 5201 -e -t 10 -i 1");
  EXPECT_EQ(server_line("iperf2_format: enhanced\ntimeout_margin: 2\n", Tool::iperf2),
            "IPERF -s -p 5201 -t 12 -e -i 1");
}

TEST(IperfCommands, Iperf3ClientTakesEveryClientOptionInItsUnits) {
  const std::string yaml =
      "time: 3\ninterval: 0.5\nparallel: 4\nlen: 128K\nwindow: 1M\nbandwidth: 100M\nudp: yes\nformat: M\n"
      "mss: 1400\nnodelay: on\ntos: 16\nreverse: true\nbind: 127.0.0.5\nlinux_congestion: cubic\nomit: 2\n"
      "zerocopy: true\naffinity: '1'\nconnect_timeout: 1.5\ndont_fragment: yes\nfq_rate: 1G\n";
  EXPECT_EQ(client_line(yaml, Tool::iperf3),
            "IPERF -c 127.0.0.9 -p 5201 -J -t 3 -i 0.5 -P 4 -l 131072 -w 1048576 -b 100000000 -u -f M -M 1400 -N "
            "-S 16 -R -B 127.0.0.5 -C cubic -O 2 -Z -A 1 --connect-timeout 1500 --dont-fragment --fq-rate 1000000000");
  // Only the options iperf3's server takes reach it.
  EXPECT_EQ(server_line(yaml, Tool::iperf3),
            "IPERF -s -p 5201 -1 --idle-timeout 10 --forceflush -i 0.5 -f M -B 127.0.0.5 -A 1");
}

TEST(IperfCommands, Iperf2SidesTakeTheirOwnOptions) {
  const std::string yaml =
      "time: 2.5\nparallel: 2\nlen: 1470\nwindow: 256K\nbandwidth: 20M\nudp: on\nnodelay: off\n"
      "linux_congestion: reno\nfq_rate: 5M\n";
  EXPECT_EQ(client_line(yaml, Tool::iperf2),
            "IPERF -c 127.0.0.9 -p 5201 -y C -t 2.5 -i 1 -P 2 -l 1470 -w 262144 -b 20000000 -u -Z reno "
            "--fq-rate 5000000");
  EXPECT_EQ(server_line(yaml, Tool::iperf2), "IPERF -s -p 5201 -t 7.5 -i 1 -l 1470 -w 262144 -u");
}

TEST(IperfCommands, NumReplacesTimeAndLeavesTheIperf2ServerToBeStopped) {
  EXPECT_EQ(client_line("num: 10M\n", Tool::iperf3), "IPERF -c 127.0.0.9 -p 5201 -J -i 1 -n 10485760");
  EXPECT_EQ(server_line("num: 10M\n", Tool::iperf2), "IPERF -s -p 5201 -i 1");
}

TEST(IperfCommands, SideGroupsWinOverStepWideValuesOnTheirSideOnly) {
  const std::string yaml = "window: 64K\ninterval: 2\non_server:\n  window: 4M\n  interval: 0.5\n"
                           "on_client:\n  bind: 127.0.0.7\n";
  EXPECT_EQ(client_line(yaml, Tool::iperf2), "IPERF -c 127.0.0.9 -p 5201 -y C -t 10 -i 2 -w 65536 -B 127.0.0.7");
  EXPECT_EQ(server_line(yaml, Tool::iperf2), "IPERF -s -p 5201 -t 15 -i 0.5 -w 4194304");
}

// Every table option with a flag reaches exactly the sides the table names for it.
TEST(IperfCommands, EveryFlagReachesTheSidesItsTableRowNames) {
  for (const auto& option : tuna::iperf::flag_options()) {
    const auto& spec = option.spec;
    const std::string value = spec.type == tuna::OptionType::boolean        ? "true"
                              : spec.type == tuna::OptionType::enumeration ? spec.allowed.front()
                              : spec.type == tuna::OptionType::string      ? "x1"
                                                                           : "3";
    for (auto tool : {Tool::iperf3, Tool::iperf2}) {
      const auto& flag = option.flag(tool);
      // time and num also shape the iperf2 server's own bound: checked above.
      if (flag.name.empty() || spec.name == "time" || spec.name == "num") continue;
      const auto yaml = fmt::format("{}: {}\n", spec.name, value);
      const auto with_flag = [&](const std::string& line) {
        return (" " + line + " ").find(fmt::format(" {} ", flag.name)) != std::string::npos;
      };
      const auto base_client = client_line("", tool);
      const auto base_server = server_line("", tool);
      SCOPED_TRACE(fmt::format("{} with {}", spec.name, tuna::iperf::tool_name(tool)));
      EXPECT_EQ(client_line(yaml, tool) != base_client, flag.client);
      EXPECT_EQ(server_line(yaml, tool) != base_server, flag.server);
      EXPECT_EQ(with_flag(client_line(yaml, tool)), flag.client);
    }
  }
}

// Direction: who is the client, and that it targets the server host's test address.
TEST(IperfCommands, PlanShowsWhoIsClientAndWhichAddressIsTargeted) {
  tuna::test::FakeHost dut("dut", "127.0.0.2");
  tuna::test::FakeHost peer("peer", "127.0.0.3");
  tuna::test::FakeRunContext context;
  context.add_host(dut);
  context.add_host(peer);
  tuna::iperf::IperfStep step(settings("tool: iperf3\nport: 25300\n"));
  const auto lines = step.plan(context);
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0], "upstream server on peer: iperf3 -s -p 25300 -1 --idle-timeout 10 --forceflush -i 1");
  EXPECT_EQ(lines[1], "upstream client on dut: iperf3 -c 127.0.0.3 -p 25300 -J -t 10 -i 1");
  EXPECT_EQ(lines[2], "downstream server on dut: iperf3 -s -p 25302 -1 --idle-timeout 10 --forceflush -i 1");
  EXPECT_EQ(lines[3], "downstream client on peer: iperf3 -c 127.0.0.2 -p 25302 -J -t 10 -i 1");
}

TEST(IperfCommands, PlanForToolAutoSaysWhatItWouldTry) {
  tuna::test::FakeHost dut("dut", "127.0.0.2");
  tuna::test::FakeHost peer("peer", "127.0.0.3");
  tuna::test::FakeRunContext context;
  context.add_host(dut);
  context.add_host(peer);
  context.repetition_number = 2;
  const auto lines = tuna::iperf::IperfStep(settings("direction: down\n")).plan(context);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_NE(lines[0].find("would use iperf3"), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find("else iperf2"), std::string::npos) << lines[0];
  // Second repetition: ports move on from the base (2 directions x 2 tries per repetition).
  EXPECT_EQ(lines[2], "downstream client on peer: iperf3 -c 127.0.0.2 -p 5205 -J -t 10 -i 1");
  EXPECT_TRUE(dut.started().empty() && peer.started().empty()) << "a plan runs nothing";
}

}  // namespace
