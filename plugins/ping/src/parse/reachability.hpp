// Reachability as the tool tuna replaces judged it between steps that reboot or move a
// device: N replies to consecutive requests. A request left unanswered starts the count
// over, so a link that flaps is not taken for one that is back.
#pragma once

#include <cstddef>
#include <optional>

#include "parse/ping_output.hpp"

namespace tuna::ping {

class ConsecutiveReplies {
 public:
  // Counts `reply` in; returns the length of the run of consecutive replies it ends.
  int add(const Reply& reply);
  int longest() const { return longest_; }

 private:
  std::optional<int> last_sequence_;
  int run_ = 0;
  int longest_ = 0;
};

struct Reachability {
  std::size_t reply = 0;          // the reply that completed the run, in PingOutput::replies
  std::optional<double> seconds;  // from ping's start to that reply, when the lines are stamped
};

// When `replies` consecutive replies had arrived; nullopt if they never did.
std::optional<Reachability> reachable_after(const PingOutput& output, int replies);

// The most consecutive replies the output holds.
int longest_run(const PingOutput& output);

}  // namespace tuna::ping
