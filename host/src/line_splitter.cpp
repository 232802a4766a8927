#include "line_splitter.hpp"

#include <utility>

namespace tuna::host {

void LineSplitter::feed(std::string_view bytes, const Emit& emit) {
  while (!bytes.empty()) {
    const auto newline = bytes.find('\n');
    if (newline == std::string_view::npos) {
      pending_.append(bytes);
      emit_overlong_pieces(emit);
      return;
    }
    pending_.append(bytes.substr(0, newline));
    bytes.remove_prefix(newline + 1);
    if (!pending_.empty() && pending_.back() == '\r') pending_.pop_back();
    emit_overlong_pieces(emit);
    emit(std::exchange(pending_, {}));
  }
}

void LineSplitter::finish(const Emit& emit) {
  if (!pending_.empty()) emit(std::exchange(pending_, {}));
}

void LineSplitter::emit_overlong_pieces(const Emit& emit) {
  // Only a piece with more bytes after it is cut off: a line of exactly max_line bytes
  // stays whole, and a '\r' that may yet turn out to end the line stays pending.
  while (pending_.size() > max_line) {
    emit(pending_.substr(0, max_line));
    pending_.erase(0, max_line);
  }
}

}  // namespace tuna::host
