// The shape every text and CSV parser reduces its lines to, and the one piece of code
// that turns such rows into intervals and an end-of-test summary.
#pragma once

#include <string_view>
#include <vector>

#include "parse/report.hpp"

namespace tuna::iperf {

// Whose figures a final row holds. iperf reports the receiver's figures where it can
// (iperf3 "receiver" lines, the iperf2 UDP server report); they are the headline.
enum class Side { unknown, sender, receiver };

struct Row {
  std::string_view label;  // the stream's key: "5", "*5", "SUM"
  bool is_sum = false;
  bool reverse = false;  // the second direction of a bidirectional test
  bool final = false;    // an end-of-test line rather than an interval
  Side side = Side::unknown;
  StreamSample sample;
};

// iperf2 marks no line as final: a stream's end-of-test line is the one that starts at 0
// again after its first line (with -t 2 -i 0.5, "0.00-2.00" after "0.00-0.50"), or its
// only line (no -i). Sets Row::final accordingly.
void mark_iperf2_final_rows(std::vector<Row>& rows);

// Fills report.summary, report.intervals and report.reverse from the rows of one test.
void assemble(const std::vector<Row>& rows, Report& report);

}  // namespace tuna::iperf
