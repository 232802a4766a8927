// Cuts a byte stream that arrives in arbitrary chunks into lines.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace tuna::host {

class LineSplitter {
 public:
  using Emit = std::function<void(std::string line)>;

  // A line longer than this is handed on in pieces of this many bytes, so a tool that
  // never prints a newline cannot make tuna buffer without bound, and nothing is lost.
  static constexpr std::size_t max_line = 64 * 1024;

  // Emits every line completed by `bytes`, without its "\n" or "\r\n".
  void feed(std::string_view bytes, const Emit& emit);
  // At end of stream: emits a last line that had no newline, if any.
  void finish(const Emit& emit);

 private:
  void emit_overlong_pieces(const Emit& emit);

  std::string pending_;
};

}  // namespace tuna::host
