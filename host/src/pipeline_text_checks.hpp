// Checks on a pipeline file's raw text, made before yaml-cpp sees it: yaml-cpp has no
// encoding check of its own and parses nesting by recursion, so a binary file or a
// thousands-deep document must be turned away first.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace tuna::host {

struct NestingScan {
  int depth = 0;  // the deepest nesting seen (1 = a top-level collection)
  int line = 0;   // 1-based line where it was first reached
};

// An estimate of how deeply the YAML in `text` nests collections, from block indentation,
// "- " items and flow brackets, without parsing. It errs on the high side, never the low
// one, so a document under a limit here is under it for yaml-cpp too. Stops scanning
// as soon as the depth exceeds `stop_above`.
NestingScan deepest_nesting(std::string_view text, int stop_above);

// Line and column (1-based) of a byte offset.
struct TextPosition {
  int line = 1;
  int column = 1;
};
TextPosition position_of(std::string_view text, std::size_t offset);

}  // namespace tuna::host
