// report.html from records made here, read back with an XML parser (the page is written
// as well-formed XHTML-compatible HTML): the summary rows, one chart per interval series
// with a point per interval placed by its rate, statistics recomputed here, hostile text,
// and no reference to anything outside the page.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <pugixml.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "report_html.hpp"

using namespace tuna::host;
using Record = nlohmann::ordered_json;

namespace {

Record record(const std::string& step, const std::string& label, int repetition, Record metrics = Record::object(),
              Record details = Record::object()) {
  return {{"pipeline", "lab"}, {"step", step},         {"component", "iperf"}, {"repetition", repetition},
          {"label", label},    {"status", "passed"},   {"message", ""},        {"metrics", std::move(metrics)},
          {"details", std::move(details)}};
}

Record bandwidth(double bits_per_second) {
  return {{"bandwidth", {{"value", bits_per_second}, {"unit", "bits/s"}}}};
}

// Intervals of one second each at these rates (bits/s); `streams` is given to each.
Record intervals(const std::vector<double>& rates, const std::vector<Record>& streams = {}) {
  auto list = Record::array();
  for (std::size_t i = 0; i < rates.size(); ++i)
    list.push_back({{"start", double(i)}, {"end", double(i + 1)}, {"bits_per_second", rates[i]},
                    {"streams", streams.empty() ? Record::array() : streams[i]}});
  return {{"intervals", list}};
}

struct Page {
  std::string html;
  pugi::xml_document document;

  explicit Page(const std::vector<Record>& records) : html(report_html(records)) {
    const auto parsed = document.load_string(html.c_str());
    EXPECT_TRUE(parsed) << parsed.description() << " at " << parsed.offset << "\n" << html;
  }
  pugi::xpath_node_set select(const char* xpath) const { return document.select_nodes(xpath); }
};

std::vector<std::string> cells(const pugi::xml_node& row) {
  std::vector<std::string> texts;
  for (const auto& cell : row.children("td")) texts.push_back(cell.child_value());
  return texts;
}

// The polyline's vertices, "x,y x,y ...".
std::vector<std::pair<double, double>> vertices(const pugi::xml_node& svg) {
  std::vector<std::pair<double, double>> points;
  std::istringstream in(svg.child("polyline").attribute("points").value());
  double x, y;
  char comma;
  while (in >> x >> comma >> y) points.emplace_back(x, y);
  return points;
}

// The higher the value, the higher the point (smaller SVG y); equal values, equal heights.
void expect_heights_follow(const std::vector<std::pair<double, double>>& points, const std::vector<double>& values) {
  ASSERT_EQ(points.size(), values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) {
      EXPECT_LT(points[i - 1].first, points[i].first) << "x grows with time";
    }
    for (std::size_t j = 0; j < values.size(); ++j) {
      if (values[i] > values[j]) {
        EXPECT_LT(points[i].second, points[j].second) << i << " vs " << j;
      }
    }
  }
}

TEST(ReportHtml, SummaryHasARowPerRecordWithItsValues) {
  auto failed = record("throughput", "downstream", 2, bandwidth(123.5e6));
  failed["status"] = "failed";
  failed["message"] = "below 200 Mbit/s";
  const std::vector<Record> records{
      record("settle", "", 1, {{"slept", {{"value", 0.5}, {"unit", "s"}}}}),
      failed,
  };
  const Page page(records);
  const auto rows = page.select("//table[@class='summary']/tbody/tr");
  ASSERT_EQ(rows.size(), records.size());
  for (std::size_t i = 0; i < records.size(); ++i) {
    const auto& r = records[i];
    const auto texts = cells(rows[i].node());
    ASSERT_EQ(texts.size(), 6u);
    EXPECT_EQ(texts[0], r["step"].get<std::string>());
    EXPECT_EQ(texts[1], r["label"].get<std::string>());
    EXPECT_EQ(texts[2], std::to_string(r["repetition"].get<int>()));
    EXPECT_EQ(texts[3], r["status"].get<std::string>());
    EXPECT_EQ(texts[5], r["message"].get<std::string>());
  }
  EXPECT_EQ(std::string(rows[0].node().select_node(".//li").node().child_value()), "slept 0.5 s");
  EXPECT_EQ(std::string(rows[1].node().select_node(".//li").node().child_value()),
            fmt::format("bandwidth {} Mbit/s", 123.5e6 / 1e6));
}

TEST(ReportHtml, ChartsEachIntervalSeriesWithAPointPerIntervalPlacedByRate) {
  const std::vector<double> tcp_rates{300e6, 900e6, 100e6, 600e6, 450e6};
  const std::vector<double> udp_rates{10e6, 8e6, 12e6};
  // Two UDP streams per interval: the page shows the mean jitter and the summed loss.
  const std::vector<std::vector<double>> jitter{{0.2, 0.4}, {1.5, 0.5}, {0.1, 0.1}};
  const std::vector<std::vector<double>> lost{{0, 3}, {1, 1}, {9, 0}};
  std::vector<Record> streams;
  for (std::size_t i = 0; i < udp_rates.size(); ++i)
    streams.push_back(Record::array({{{"jitter_ms", jitter[i][0]}, {"lost_packets", lost[i][0]}},
                                     {{"jitter_ms", jitter[i][1]}, {"lost_packets", lost[i][1]}}}));
  auto not_a_series = intervals({1e6});
  not_a_series["intervals"][0].erase("bits_per_second");
  const Page page({record("tcp", "up", 1, bandwidth(500e6), intervals(tcp_rates)),
                   record("udp", "up", 1, bandwidth(10e6), intervals(udp_rates, streams)),
                   record("settle", "", 1), record("broken", "", 1, {}, not_a_series)});

  const auto charts = page.select("//svg");
  ASSERT_EQ(charts.size(), 4u) << "throughput for tcp; throughput, jitter and loss for udp; none for the rest";
  expect_heights_follow(vertices(charts[0].node()), tcp_rates);
  expect_heights_follow(vertices(charts[1].node()), udp_rates);
  std::vector<double> mean_jitter, total_lost;
  for (std::size_t i = 0; i < udp_rates.size(); ++i) {
    mean_jitter.push_back((jitter[i][0] + jitter[i][1]) / 2);
    total_lost.push_back(lost[i][0] + lost[i][1]);
  }
  expect_heights_follow(vertices(charts[2].node()), mean_jitter);
  expect_heights_follow(vertices(charts[3].node()), total_lost);

  // The y axis is labelled in Mbit/s with ticks from 0 up to at least the highest rate.
  const auto tcp = charts[0].node();
  EXPECT_TRUE(tcp.select_node(".//text[.='Mbit/s']")) << "y axis title";
  EXPECT_TRUE(tcp.select_node(".//text[.='s']")) << "x axis title";
  std::vector<double> labels;
  for (const auto& text : tcp.select_nodes(".//text[@text-anchor='end']")) labels.push_back(std::stod(text.node().child_value()));
  ASSERT_GE(labels.size(), 2u);
  EXPECT_EQ(*std::ranges::min_element(labels), 0);
  EXPECT_GE(*std::ranges::max_element(labels), *std::ranges::max_element(tcp_rates) / 1e6);
}

TEST(ReportHtml, StatisticsAcrossRepetitionsMatchTheRecords) {
  const std::vector<double> rates{940e6, 910e6, 955e6, 902e6};
  std::vector<Record> records;
  for (std::size_t i = 0; i < rates.size(); ++i)
    records.push_back(record("throughput", "upstream", int(i + 1), bandwidth(rates[i])));
  records.push_back(record("throughput", "downstream", 1, bandwidth(700e6)));
  const Page page(records);

  std::vector<double> mbits;
  for (const double rate : rates) mbits.push_back(rate / 1e6);
  std::ranges::sort(mbits);
  const double mean = std::accumulate(mbits.begin(), mbits.end(), 0.0) / mbits.size();
  double squares = 0;
  for (const double value : mbits) squares += (value - mean) * (value - mean);
  const std::vector<double> expected{double(mbits.size()), mbits.front(), (mbits[1] + mbits[2]) / 2, mean,
                                     mbits.back(), std::sqrt(squares / (mbits.size() - 1))};

  const auto row = page.document.select_node("//table[@class='statistics']/tbody/tr[td[2]='upstream']").node();
  const auto texts = cells(row);
  ASSERT_EQ(texts.size(), 3 + expected.size());
  EXPECT_EQ(texts[0], "throughput");
  EXPECT_EQ(texts[2], "bandwidth (Mbit/s)");
  for (std::size_t i = 0; i < expected.size(); ++i)
    EXPECT_NEAR(std::stod(texts[3 + i]), expected[i], std::abs(expected[i]) * 1e-5) << "column " << i;

  const auto single = cells(page.document.select_node("//table[@class='statistics']/tbody/tr[td[2]='downstream']").node());
  ASSERT_EQ(single.size(), 9u);
  EXPECT_EQ(single[3], "1");
  EXPECT_EQ(single[8], "—") << "no standard deviation from one value";
}

TEST(ReportHtml, HostileTextIsEscaped) {
  const std::string step = "<script>alert(1)</script>", label = "a\"b&c'd", message = "</td></tr><img src=x>";
  auto hostile = record(step, label, 1, {{"<b>", {{"value", 1}, {"unit", "<i>"}}}}, intervals({1e6, 2e6}));
  hostile["message"] = message;
  hostile["pipeline"] = "<title>";
  const Page page(std::vector<Record>{hostile});
  for (const char* markup : {"<script", "<img", "<b>", "<i>", "<title><"})
    EXPECT_EQ(page.html.find(markup), std::string::npos) << markup;
  const auto texts = cells(page.select("//table[@class='summary']/tbody/tr")[0].node());
  ASSERT_EQ(texts.size(), 6u);
  EXPECT_EQ(texts[0], step);
  EXPECT_EQ(texts[1], label);
  EXPECT_EQ(texts[5], message);
  EXPECT_EQ(std::string(page.document.select_node("//svg/title").node().child_value()),
            fmt::format("{} {} #1: throughput", step, label));
}

TEST(ReportHtml, NeedsNothingFromOutsideThePage) {
  const Page page(std::vector<Record>{record("tcp", "up", 1, bandwidth(5e6), intervals({5e6, 6e6}))});
  for (auto at = page.html.find("://"); at != std::string::npos; at = page.html.find("://", at + 1))
    EXPECT_EQ(page.html.substr(at - 11, 34), R"(xmlns="http://www.w3.org/2000/svg")") << "only the SVG namespace";
  for (const char* fetch : {"<script", "<link", "<img", "src=", "url(", "@import"})
    EXPECT_EQ(page.html.find(fetch), std::string::npos) << fetch;
}

}  // namespace
