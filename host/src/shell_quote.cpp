#include "shell_quote.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <range/v3/view/transform.hpp>

namespace tuna::host {
namespace {

// Characters that mean nothing to sh anywhere in a word. Deliberately short: '~' and
// '#' are special at the start of a word, '^' was a pipe in the Bourne shell, and
// anything outside ASCII is quoted rather than trusted to the shell's locale.
bool is_plain(char c) {
  const bool alphanumeric = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  return alphanumeric || std::string_view("_-./=:,+@%").find(c) != std::string_view::npos;
}

}  // namespace

std::string shell_quote(std::string_view word) {
  if (!word.empty() && std::ranges::all_of(word, is_plain)) return std::string(word);
  // Inside single quotes sh takes every character literally, except ' itself, which
  // cannot be escaped there: close the quotes, add an escaped ', reopen them.
  std::string quoted = "'";
  for (char c : word) {
    if (c == '\'') {
      quoted += R"('\'')";
    } else {
      quoted += c;
    }
  }
  quoted += '\'';
  return quoted;
}

std::string shell_join(const std::vector<std::string>& argv) {
  return fmt::format("{}", fmt::join(argv | ranges::views::transform(shell_quote), " "));
}

}  // namespace tuna::host
