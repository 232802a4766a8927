// The ping component in the lab: from the DUT namespace to the server's over SSH, ping's
// output for an address nobody answers read back by `tuna parse`, and until_reachable
// waiting out a link that is down, or giving up at its time limit.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>

#include "lab_env.hpp"

namespace tuna::test::lab {
namespace {

constexpr int step_failed = 1;
// In the lab's subnet, on no host: ARP finds no one, the DUT reports it unreachable.
constexpr const char* nobody = "198.18.0.77";

// The lab's hosts (over SSH), and `steps`. Two more hosts are this machine, so tuna needs
// no SSH session to them, with test addresses to ping: `ghost` has `nobody`'s, and
// `server-address` the server's (for a test that takes the server's link down).
std::string pipeline_yaml(const LabEnv& env, const std::string& steps) {
  auto yaml = LabPipeline{}.yaml(env);
  yaml.erase(yaml.find("steps:\n"));
  return fmt::format(
      "{}  ghost: {{ address: localhost, test_address: {} }}\n"
      "  server-address: {{ address: localhost, test_address: {} }}\nsteps:\n{}",
      yaml, nobody, env["TUNA_LAB_SRV_ADDRESS"], steps);
}

nlohmann::json only_record(const std::filesystem::path& run, const TunaOutput& output) {
  const auto records = read_records(run / "results.jsonl");
  EXPECT_EQ(records.size(), 1u) << describe(output);
  return records.empty() ? nlohmann::json::object() : records.front();
}

std::string raw_text(const nlohmann::json& record, const std::filesystem::path& run) {
  const std::filesystem::path path = record.at("artifacts").at(0).get<std::string>();
  return read_file(path.is_absolute() ? path : run / path);
}

// The number before `word` on the line of `text` that holds it.
double printed_before(const std::string& text, const std::string& word) {
  const auto at = text.find(word);
  EXPECT_NE(at, std::string::npos) << word << " not in:\n" << text;
  if (at == std::string::npos) return -1;
  const auto start = text.find_last_of(" +\n", at - 1) + 1;
  return std::stod(text.substr(start, at - start));
}

class LabPing : public LabTest {};

TEST_F(LabPing, StatisticsFromTheDutToTheServerOverSsh) {
  TempDir dir;
  const auto file = dir.write("ping.yaml", pipeline_yaml(env(),
                                                         "  - name: latency\n    component: ping\n"
                                                         "    settings: { from: dut, to: server, count: 5, "
                                                         "interval: 0.2 }\n"
                                                         "    expect: { loss: \"<= 0\" }\n"));
  const auto run = dir.path() / "run";
  const auto output = run_tuna_bounded({"run", file.string(), "--output", run.string()}, 30s);
  ASSERT_EQ(output.status, 0) << describe(output);
  const auto record = only_record(run, output);
  EXPECT_EQ(record.at("details").at("address"), env()["TUNA_LAB_SRV_ADDRESS"]);
  const auto text = raw_text(record, run);
  EXPECT_NE(text.find(fmt::format("bytes from {}: icmp_seq=5 ", env()["TUNA_LAB_SRV_ADDRESS"])),
            std::string::npos)
      << text;
  const auto& metrics = record.at("metrics");
  EXPECT_EQ(metrics.at("transmitted").at("value"), printed_before(text, " packets transmitted"));
  EXPECT_EQ(metrics.at("received").at("value"), printed_before(text, " received"));
  const auto rtt = text.substr(text.find("mdev = ") + 7);
  EXPECT_EQ(metrics.at("rtt_min").at("value"), std::stod(rtt));
}

TEST_F(LabPing, AnAddressNobodyHasIsReadBackAsUnreachable) {
  TempDir dir;
  // -c 6 -i 0.5: long enough for ARP to give up and the DUT to report each request.
  const auto printed = run_command(
      fmt::format("ip netns exec {} ping -n -c 6 -i 0.5 {}", env()["TUNA_LAB_DUT_NAMESPACE"], nobody));
  ASSERT_NE(printed.output.find("Destination Host Unreachable"), std::string::npos) << printed.output;
  const auto file = dir.write("unreachable.txt", printed.output);

  const auto parsed = run_tuna_bounded({"parse", file.string(), "--tool", "ping"}, 10s);
  EXPECT_EQ(parsed.status, step_failed) << describe(parsed);
  const auto document = nlohmann::json::parse(parsed.out);
  EXPECT_EQ(document.at("target"), nobody);
  EXPECT_EQ(document.at("received"), 0);
  EXPECT_EQ(document.at("transmitted"), printed_before(printed.output, " packets transmitted"));
  EXPECT_EQ(document.at("errors"), printed_before(printed.output, " errors"));
  EXPECT_EQ(document.at("loss_percent"), printed_before(printed.output, "% packet loss"));
  EXPECT_TRUE(document.at("rtt").is_null());
  EXPECT_EQ(document.at("problems").size(), printed_before(printed.output, " errors"));
}

TEST_F(LabPing, UntilReachableWaitsOutALinkThatIsDown) {
  TempDir dir;
  const auto file = dir.write("ping.yaml", pipeline_yaml(env(),
                                                         "  - name: back\n    component: ping\n"
                                                         "    settings: { from: dut, to: server-address, "
                                                         "mode: until_reachable, replies: 3, interval: 0.2, "
                                                         "time_limit: 20 }\n"));
  const auto run = dir.path() / "run";
  TunaOutput output;
  {
    LinkDown link("tuna-srv-br");
    ASSERT_TRUE(link.down());
    TunaProcess tuna({"run", file.string(), "--output", run.string()});
    // Up again a second after ping started on the DUT (tuna's SSH login comes first).
    const auto ping = fmt::format("ping -n -O -i 0.2 -W 2 -w 20 {}", env()["TUNA_LAB_SRV_ADDRESS"]);
    const auto give_up = std::chrono::steady_clock::now() + 20s;
    while (processes_running(ping).empty() && std::chrono::steady_clock::now() < give_up)
      std::this_thread::sleep_for(20ms);
    ASSERT_FALSE(processes_running(ping).empty()) << "no '" << ping << "' ran\n" << describe(tuna.wait(1ms));
    std::this_thread::sleep_for(1s);
    link.restore();
    output = tuna.wait(40s);
  }
  ASSERT_EQ(output.status, 0) << describe(output);
  const auto record = only_record(run, output);
  const auto text = raw_text(record, run);
  // Requests went unanswered while the link was down, so the first reply is not to the first.
  const auto first_reply = text.find("bytes from ");
  ASSERT_NE(first_reply, std::string::npos) << text;
  EXPECT_GT(std::stoi(text.substr(text.find("icmp_seq=", first_reply) + 9)), 1) << text;
  EXPECT_NE(text.find("no answer yet"), std::string::npos) << text;
  EXPECT_EQ(record.at("metrics").at("consecutive_replies").at("value"), 3);
  EXPECT_GT(record.at("metrics").at("time_to_reachable").at("value").get<double>(), 0.2) << text;
  EXPECT_LT(record.at("details").at("seconds").get<double>(), 15) << "ping ran on after the target was back";
}

TEST_F(LabPing, UntilReachableFailsAtItsTimeLimit) {
  TempDir dir;
  const auto file = dir.write("ping.yaml", pipeline_yaml(env(),
                                                         "  - name: gone\n    component: ping\n"
                                                         "    settings: { from: dut, to: ghost, mode: "
                                                         "until_reachable, replies: 2, interval: 0.2, "
                                                         "time_limit: 2 }\n"));
  const auto run = dir.path() / "run";
  const auto started = std::chrono::steady_clock::now();
  const auto output = run_tuna_bounded({"run", file.string(), "--output", run.string()}, 30s);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 15s);
  EXPECT_EQ(output.status, step_failed) << describe(output);
  const auto record = only_record(run, output);
  EXPECT_EQ(record.at("status"), "failed");
  EXPECT_NE(record.at("message").get<std::string>().find("did not answer 2 requests in a row within 2 s"),
            std::string::npos)
      << record.dump();
  EXPECT_EQ(record.at("metrics").at("consecutive_replies").at("value"), 0);
  EXPECT_FALSE(record.at("metrics").contains("time_to_reachable"));
  const auto text = raw_text(record, run);
  EXPECT_EQ(printed_before(text, " received"), 0) << "ping ended at its own -w with statistics";
}

}  // namespace
}  // namespace tuna::test::lab
