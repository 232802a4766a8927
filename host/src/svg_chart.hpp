// A line chart as inline SVG: a series of (x, y) points drawn over axes with labelled,
// evenly spaced "round" ticks (1, 2 or 5 times a power of ten), for pages that must render
// with no script, font or stylesheet from elsewhere.
#pragma once

#include <string>
#include <vector>

namespace tuna::host {

struct ChartPoint {
  double x = 0;
  double y = 0;
};

struct LineChart {
  std::string title;   // above the plot
  std::string x_unit;  // axis titles, e.g. "s" and "Mbit/s"
  std::string y_unit;
  std::vector<ChartPoint> points;  // drawn in this order, one polyline vertex each
};

// The stroke colour of every chart's line: distinctive, so a screenshot test can find it.
inline constexpr const char* chart_line_colour = "#d62728";

// The <svg> element for `chart` (text escaped). Both axes start at 0 unless a value is
// negative, so charts side by side compare at a glance. A chart without points draws empty axes.
std::string line_chart_svg(const LineChart& chart);

}  // namespace tuna::host
