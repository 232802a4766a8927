#include "svg_chart.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <utility>

#include "report_junit.hpp"

namespace tuna::host {
namespace {

constexpr double width = 640, height = 260;
constexpr double left = 70, right = 20, top = 30, bottom = 45;  // margins around the plot
constexpr int wanted_ticks = 5;

// An axis from `low` to `high` cut at a round step, so tick labels read 0, 50, 100...
struct Axis {
  double low = 0;
  double high = 1;
  double step = 1;
};

Axis round_axis(double low, double high) {
  if (!(high > low)) high = low + 1;  // a flat or single-point series still gets an axis
  const double rough = (high - low) / wanted_ticks;
  const double magnitude = std::pow(10.0, std::floor(std::log10(rough)));
  static constexpr double multiples[] = {1, 2, 5, 10};  // 10 always reaches `rough`
  const double step = *std::ranges::find_if(multiples, [&](double m) { return m * magnitude >= rough; }) * magnitude;
  return {std::floor(low / step) * step, std::ceil(high / step) * step, step};
}

// Tick values low, low + step, ... high, computed by count so rounding never drops the last.
std::vector<double> ticks(const Axis& axis) {
  std::vector<double> values;
  const auto count = static_cast<int>(std::lround((axis.high - axis.low) / axis.step));
  for (int i = 0; i <= count; ++i) values.push_back(axis.low + i * axis.step);
  return values;
}

double to_pixel(double value, const Axis& axis, double from, double to) {
  return from + (value - axis.low) / (axis.high - axis.low) * (to - from);
}

// The axes that hold every point, from 0 (or below, for negative values); unit axes
// for a chart without points.
std::pair<Axis, Axis> axes_for(const std::vector<ChartPoint>& points) {
  if (points.empty()) return {round_axis(0, 1), round_axis(0, 1)};
  const auto [min_x, max_x] = std::ranges::minmax(points, {}, &ChartPoint::x);
  const auto [min_y, max_y] = std::ranges::minmax(points, {}, &ChartPoint::y);
  return {round_axis(std::min(0.0, min_x.x), max_x.x), round_axis(std::min(0.0, min_y.y), max_y.y)};
}

}  // namespace

std::string line_chart_svg(const LineChart& chart) {
  // Named, not structured bindings, so the lambdas below can capture them.
  const auto axes = axes_for(chart.points);
  const Axis& x_axis = axes.first;
  const Axis& y_axis = axes.second;
  const double plot_right = width - right, plot_bottom = height - bottom;
  const auto x_pixel = [&](double x) { return to_pixel(x, x_axis, left, plot_right); };
  // SVG's y grows downwards: the highest value is the smallest y.
  const auto y_pixel = [&](double y) { return to_pixel(y, y_axis, plot_bottom, top); };

  auto svg = fmt::format(
      R"(<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{0}" height="{1}" viewBox="0 0 {0} {1}" role="img">)"
      "\n<title>{2}</title>\n"
      R"(<text x="{3}" y="18" font-size="14" font-weight="bold">{2}</text>)"
      "\n",
      width, height, xml_escaped(chart.title, false), left);
  for (const double tick : ticks(y_axis)) {
    const double y = y_pixel(tick);
    svg += fmt::format(
        R"(<line x1="{0}" y1="{1:.1f}" x2="{2}" y2="{1:.1f}" stroke="#dddddd"/><text x="{3}" y="{4:.1f}" font-size="11" text-anchor="end">{5:g}</text>)"
        "\n",
        left, y, plot_right, left - 6, y + 4, tick);
  }
  for (const double tick : ticks(x_axis)) {
    const double x = x_pixel(tick);
    svg += fmt::format(
        R"(<line x1="{0:.1f}" y1="{1}" x2="{0:.1f}" y2="{2}" stroke="#555555"/><text x="{0:.1f}" y="{3}" font-size="11" text-anchor="middle">{4:g}</text>)"
        "\n",
        x, plot_bottom, plot_bottom + 5, plot_bottom + 18, tick);
  }
  svg += fmt::format(
      R"(<path d="M{0} {1}V{2}H{3}" fill="none" stroke="#555555"/>)"
      "\n"
      R"(<text x="{4}" y="{5}" font-size="12" text-anchor="middle">{6}</text>)"
      "\n"
      R"svg(<text x="16" y="{7}" font-size="12" text-anchor="middle" transform="rotate(-90 16 {7})">{8}</text>)svg"
      "\n",
      left, top, plot_bottom, plot_right, (left + plot_right) / 2, height - 8,
      xml_escaped(chart.x_unit, false), (top + plot_bottom) / 2, xml_escaped(chart.y_unit, false));
  std::string points;
  for (const auto& point : chart.points)
    points += fmt::format("{}{:.1f},{:.1f}", points.empty() ? "" : " ", x_pixel(point.x), y_pixel(point.y));
  svg += fmt::format(R"(<polyline class="series" points="{}" fill="none" stroke="{}" stroke-width="2"/>)"
                     "\n</svg>\n",
                     points, chart_line_colour);
  return svg;
}

}  // namespace tuna::host
