// "did you mean ...?": the candidate a typo most likely meant.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tuna::host {

// Closest candidate by edit distance (case-insensitive; a swap of two neighbouring
// letters counts as one edit), nullopt if none is close. Ties go to the earlier candidate.
std::optional<std::string> closest(std::string_view word, const std::vector<std::string>& candidates);

// "; did you mean 'x'?" when a candidate is close, else "".
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace tuna::host
