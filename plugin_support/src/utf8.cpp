#include "tuna/support/utf8.hpp"

namespace tuna::support {

namespace {

constexpr std::string_view replacement_character = "\xEF\xBF\xBD";

// What `text` (not empty) starts with: a well-formed sequence (RFC 3629: no overlong
// forms, no surrogates, nothing above U+10FFFF) and its length, or an ill-formed one and
// the length of its maximal subpart, the bytes that one U+FFFD replaces (Unicode's
// recommended practice, which nlohmann::json's replacing serialiser follows too).
struct Sequence {
  std::size_t length;
  bool well_formed;
};

Sequence first_sequence(std::string_view text) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(0);
  if (lead < 0x80) return {1, true};
  std::size_t length = 0;
  unsigned char low = 0x80, high = 0xBF;  // the range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;   // overlong
    if (lead == 0xED) high = 0x9F;  // surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;   // overlong
    if (lead == 0xF4) high = 0x8F;  // above U+10FFFF
  } else {
    return {1, false};
  }
  for (std::size_t i = 1; i < length; ++i) {
    if (i >= text.size() || byte(i) < low || byte(i) > high) return {i, false};
    low = 0x80, high = 0xBF;
  }
  return {length, true};
}

}  // namespace

std::optional<std::size_t> first_invalid_utf8(std::string_view text) {
  std::size_t offset = 0;
  while (offset < text.size()) {
    const auto sequence = first_sequence(text.substr(offset));
    if (!sequence.well_formed) return offset;
    offset += sequence.length;
  }
  return std::nullopt;
}

std::string valid_utf8(std::string_view text) {
  std::string valid;
  valid.reserve(text.size());
  while (!text.empty()) {
    const auto sequence = first_sequence(text);
    valid += sequence.well_formed ? text.substr(0, sequence.length) : replacement_character;
    text.remove_prefix(sequence.length);
  }
  return valid;
}

}  // namespace tuna::support
