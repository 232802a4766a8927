// How much iperf payload a lab link can carry, from the shaping the kernel applies now.
//
// tbf meters every byte of each frame it sends on the veth: the 14-byte Ethernet header
// and the IP packet; a veth has no preamble, FCS or inter-frame gap, and a GSO
// super-packet is counted as the frames it becomes. So of a rate R, a flow of full-size
// packets carries R * payload / frame:
//   TCP over IPv4: a segment fills the MTU, payload = MTU - 20 (IP) - 20 (TCP)
//     - 12 (the timestamps option, when net.ipv4.tcp_timestamps is on in the namespace),
//     frame = MTU + 14.  MTU 1500 at 50 Mbit/s: 50 * 1448 / 1514 = 47.82 Mbit/s.
//   UDP over IPv4, datagrams of `len` bytes (no fragmentation): frame = len + 8 (UDP)
//     + 20 (IP) + 14.  len 1400 at 50 Mbit/s: 50 * 1400 / 1442 = 48.54 Mbit/s.
// The token bucket's 4 kB burst adds 16 kbit/s to a 2 s run, and iperf's control
// connection a few small packets: both far below the tolerance the tests allow.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "lab_commands.hpp"

namespace tuna::test::lab {

constexpr int ethernet_header = 14, ipv4_header = 20, tcp_header = 20, tcp_timestamps_option = 12, udp_header = 8;

struct ShapedLink {
  double rate_bits_per_second = 0;  // tbf's rate
  int mtu = 0;
  bool tcp_timestamps = false;

  double tcp_goodput() const {
    const int payload = mtu - ipv4_header - tcp_header - (tcp_timestamps ? tcp_timestamps_option : 0);
    return rate_bits_per_second * payload / (mtu + ethernet_header);
  }
  double udp_goodput(int datagram_length) const {
    return rate_bits_per_second * datagram_length / (datagram_length + udp_header + ipv4_header + ethernet_header);
  }
};

// The link that traffic leaving `ns` crosses (its one non-loopback link), or nullopt when
// nothing shapes it with tbf.
inline std::optional<ShapedLink> shaped_link_leaving(const std::string& ns) {
  const auto links = nlohmann::json::parse(run_command("ip -j -n " + ns + " link show").output);
  const auto qdiscs = nlohmann::json::parse(run_command("tc -j -n " + ns + " qdisc show").output);
  for (const auto& link : links) {
    if (link.value("link_type", "") == "loopback") continue;
    for (const auto& qdisc : qdiscs) {
      if (qdisc.value("dev", "") != link.value("ifname", "") || qdisc.value("kind", "") != "tbf") continue;
      const auto timestamps = run_command("ip netns exec " + ns + " cat /proc/sys/net/ipv4/tcp_timestamps").output;
      return ShapedLink{.rate_bits_per_second = 8.0 * qdisc.at("options").at("rate").get<double>(),  // bytes/s
                        .mtu = link.at("mtu").get<int>(),
                        .tcp_timestamps = !timestamps.empty() && timestamps.front() != '0'};
    }
  }
  return std::nullopt;
}

}  // namespace tuna::test::lab
