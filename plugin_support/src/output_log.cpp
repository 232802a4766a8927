#include "tuna/support/output_log.hpp"

#include <algorithm>

namespace tuna::support {

namespace {
bool holds(const std::vector<OutputLine>& lines, std::string_view text) {
  return std::any_of(lines.begin(), lines.end(),
                     [&](const OutputLine& line) { return line.text.find(text) != std::string::npos; });
}
}  // namespace

LineHandler OutputLog::handler() {
  return [self = shared_from_this()](const OutputLine& line) { self->add(line); };
}

void OutputLog::add(const OutputLine& line) {
  {
    std::lock_guard lock(mutex_);
    lines_.push_back(line);
    last_arrival_ = Clock::now();
  }
  arrived_.notify_all();
}

bool OutputLog::wait_for_text(std::string_view text, Clock::time_point until) {
  std::unique_lock lock(mutex_);
  return arrived_.wait_until(lock, until, [&] { return holds(lines_, text); });
}

bool OutputLog::contains(std::string_view text) const {
  std::lock_guard lock(mutex_);
  return holds(lines_, text);
}

std::vector<std::string> OutputLog::take_new_lines() {
  std::lock_guard lock(mutex_);
  std::vector<std::string> fresh;
  for (; taken_ < lines_.size(); ++taken_) fresh.push_back(lines_[taken_].text);
  return fresh;
}

Clock::time_point OutputLog::last_arrival() const {
  std::lock_guard lock(mutex_);
  return last_arrival_;
}

std::vector<OutputLine> OutputLog::lines() const {
  std::lock_guard lock(mutex_);
  return lines_;
}

std::string OutputLog::text() const {
  std::lock_guard lock(mutex_);
  std::string joined;
  for (const auto& line : lines_) joined += line.text + "\n";
  return joined;
}

std::string OutputLog::last_line() const {
  std::lock_guard lock(mutex_);
  return lines_.empty() ? std::string() : lines_.back().text;
}

}  // namespace tuna::support
