#include "pipeline_text_checks.hpp"

#include <algorithm>
#include <vector>

namespace tuna::host {

TextPosition position_of(std::string_view text, std::size_t offset) {
  TextPosition position;
  offset = std::min(offset, text.size());
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++position.line;
      position.column = 1;
    } else {
      ++position.column;
    }
  }
  return position;
}

namespace {

bool blank(char c) { return c == ' ' || c == '\t'; }

// Follows YAML's lexical structure just far enough to see where collections open: quotes
// only where a value can start (so the apostrophe in "don't" is text), flow brackets
// anywhere inside a flow collection, block scalars whose lines are text whatever their
// indentation. Whenever in doubt it counts a level rather than skipping one.
class NestingScanner {
 public:
  explicit NestingScanner(int stop_above) : stop_above_(stop_above) {}

  // False once the depth is over the limit.
  bool scan_line(std::string_view line, int number) {
    line_number_ = number;
    const auto indent = line.find_first_not_of(' ');
    const bool empty = indent == std::string_view::npos || line[indent] == '#';
    if (block_scalar_parent_) {
      if (empty || static_cast<int>(indent) > *block_scalar_parent_) return true;
      block_scalar_parent_.reset();
    }
    if (empty) return true;
    if (line.substr(indent).starts_with("---") || line.substr(indent).starts_with("...")) {
      block_levels_.clear();
      return true;
    }
    int innermost = static_cast<int>(indent);
    if (!in_quote_ && flow_depth_ == 0) innermost = enter_block_levels(line, indent);
    if (!note_depth()) return false;
    return scan_characters(line, innermost);
  }

  NestingScan result() const { return deepest_; }

 private:
  // Block indentation plus one level per "- " item on the line; returns the column where
  // the line's innermost node starts.
  int enter_block_levels(std::string_view line, std::size_t column) {
    std::vector<int> starts{static_cast<int>(column)};
    while (column < line.size() && line[column] == '-' &&
           (column + 1 == line.size() || blank(line[column + 1]))) {
      column = line.find_first_not_of(" \t", column + 1);
      if (column == std::string_view::npos || line[column] == '#') break;
      starts.push_back(static_cast<int>(column));
    }
    for (int start : starts) {
      while (!block_levels_.empty() && block_levels_.back() > start) block_levels_.pop_back();
      if (block_levels_.empty() || block_levels_.back() < start) block_levels_.push_back(start);
    }
    return starts.back();
  }

  bool note_depth() {
    const int depth = static_cast<int>(block_levels_.size()) + flow_depth_;
    if (depth > deepest_.depth) deepest_ = {depth, line_number_};
    return depth <= stop_above_;
  }

  bool scan_characters(std::string_view line, int innermost) {
    bool value_start = !in_quote_;
    bool block_indicator = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
      const char c = line[i];
      const char next = i + 1 < line.size() ? line[i + 1] : ' ';
      if (in_quote_ == '"') {
        if (c == '\\')
          ++i;
        else if (c == '"')
          in_quote_ = 0;
        continue;
      }
      if (in_quote_ == '\'') {
        if (c == '\'' && next == '\'')
          ++i;
        else if (c == '\'')
          in_quote_ = 0;
        continue;
      }
      if (blank(c)) continue;
      if (c == '#' && (i == 0 || blank(line[i - 1]))) break;
      if (value_start && (c == '"' || c == '\'')) {
        in_quote_ = c;
        value_start = false;
      } else if (c == '[' || c == '{') {
        if (!value_start && flow_depth_ == 0) {
          block_indicator = false;
          continue;
        }
        ++flow_depth_;
        if (!note_depth()) return false;
      } else if (flow_depth_ > 0 && (c == ']' || c == '}')) {
        --flow_depth_;
        value_start = false;
      } else if ((flow_depth_ > 0 && c == ',') || (c == ':' && (blank(next) || flow_depth_ > 0)) ||
                 ((c == '-' || c == '?') && value_start && blank(next))) {
        value_start = true;
        block_indicator = false;
      } else if (value_start && (c == '&' || c == '!' || c == '*')) {
        // An anchor, tag or alias comes before the value it names, not instead of it.
        while (i + 1 < line.size() && !blank(line[i + 1])) ++i;
      } else if (value_start && (c == '|' || c == '>') && flow_depth_ == 0) {
        block_indicator = true;
        value_start = false;
      } else if (!(block_indicator && (c == '+' || c == '-' || (c >= '0' && c <= '9')))) {
        block_indicator = false;
        value_start = false;
      }
    }
    if (block_indicator && !in_quote_) block_scalar_parent_ = innermost;
    return true;
  }

  int stop_above_;
  int line_number_ = 0;
  std::vector<int> block_levels_;  // the columns of the open block collections
  int flow_depth_ = 0;
  char in_quote_ = 0;  // the quote character of a scalar spanning lines, or 0
  std::optional<int> block_scalar_parent_;
  NestingScan deepest_;
};

}  // namespace

NestingScan deepest_nesting(std::string_view text, int stop_above) {
  NestingScanner scanner(stop_above);
  int number = 0;
  for (std::size_t start = 0; start <= text.size();) {
    auto end = std::min(text.find('\n', start), text.size());
    auto line = text.substr(start, end - start);
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (!scanner.scan_line(line, ++number)) break;
    start = end + 1;
  }
  return scanner.result();
}

}  // namespace tuna::host
