#include "parse/first_json.hpp"

#include <algorithm>
#include <cctype>

#include "parse/lines.hpp"
#include "parse/parse.hpp"

namespace tuna::iperf {

namespace {

bool is_word_char(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '-'; }

// Copies one JSON object from `lines` into `out`; true once it is closed.
class ObjectCopier {
 public:
  explicit ObjectCopier(std::string& out) : out_(out) {}

  // Returns true when the object closed within this line.
  bool copy_line(std::string_view line) {
    std::size_t i = 0;
    while (i < line.size()) {
      const char c = line[i];
      if (in_string_) {
        out_ += c;
        if (escaped_) {
          escaped_ = false;
        } else if (c == '\\') {
          escaped_ = true;
        } else if (c == '"') {
          in_string_ = false;
        }
        ++i;
        continue;
      }
      if (c == '"') {
        in_string_ = true;
      } else if (c == '{' || c == '[') {
        ++depth_;
      } else if (c == '}' || c == ']') {
        out_ += c;
        if (--depth_ == 0) return true;
        ++i;
        continue;
      } else if (is_word_char(c) && (c != '-' || (i + 1 < line.size() && std::isalpha(
                                                      static_cast<unsigned char>(line[i + 1]))))) {
        i = copy_word(line, i);
        continue;
      }
      out_ += c;
      ++i;
    }
    out_ += '\n';
    return false;
  }

 private:
  // true/false/null stay; nan, -nan, inf, -inf (what printf makes of them) become null.
  std::size_t copy_word(std::string_view line, std::size_t from) {
    std::size_t to = from;
    while (to < line.size() && is_word_char(line[to])) ++to;
    const auto word = line.substr(from, to - from);
    const bool number_like = word == "nan" || word == "-nan" || word == "inf" || word == "-inf";
    out_ += number_like ? std::string_view("null") : word;
    return to;
  }

  std::string& out_;
  int depth_ = 0;
  bool in_string_ = false;
  bool escaped_ = false;
};

}  // namespace

bool starts_json(std::string_view line) { return trim(line).starts_with('{'); }

std::string first_json_object(const std::vector<std::string_view>& lines) {
  const auto first = std::find_if(lines.begin(), lines.end(), starts_json);
  if (first == lines.end()) throw NotIperfOutput("no JSON object in the output");
  std::string text;
  ObjectCopier copier(text);
  for (auto line = first; line != lines.end(); ++line) {
    if (copier.copy_line(*line)) return text;
  }
  throw NotIperfOutput("the JSON output ends before its object closes (truncated?)");
}

}  // namespace tuna::iperf
