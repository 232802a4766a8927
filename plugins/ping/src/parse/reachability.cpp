#include "parse/reachability.hpp"

#include <algorithm>
#include <chrono>

namespace tuna::ping {

namespace {
// icmp_seq is 16 bits: after 65535 comes 0.
constexpr int sequence_span = 65536;
}  // namespace

int ConsecutiveReplies::add(const Reply& reply) {
  // A second answer to one request says nothing more about the path.
  if (reply.duplicate) return run_;
  const bool follows = last_sequence_ && reply.sequence == (*last_sequence_ + 1) % sequence_span;
  run_ = follows ? run_ + 1 : 1;
  last_sequence_ = reply.sequence;
  longest_ = std::max(longest_, run_);
  return run_;
}

std::optional<Reachability> reachable_after(const PingOutput& output, int replies) {
  ConsecutiveReplies counter;
  for (std::size_t i = 0; i < output.replies.size(); ++i) {
    if (counter.add(output.replies[i]) < replies) continue;
    Reachability reached{i, std::nullopt};
    const auto& stamp = output.replies[i].stamp;
    if (stamp && output.started)
      reached.seconds = std::chrono::duration<double>(*stamp - *output.started).count();
    return reached;
  }
  return std::nullopt;
}

int longest_run(const PingOutput& output) {
  ConsecutiveReplies counter;
  for (const auto& reply : output.replies) counter.add(reply);
  return counter.longest();
}

}  // namespace tuna::ping
