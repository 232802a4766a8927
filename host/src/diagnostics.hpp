// Problems found in a pipeline file, collected so that one pass reports all of them, and
// printed the way compilers print theirs: location, message, the offending line, a caret.
#pragma once

#include <string>
#include <string_view>
#include <tuna/config.hpp>
#include <vector>

namespace tuna::host {

enum class Severity { error, warning };

struct Diagnostic {
  Severity severity;
  tuna::Location where;
  std::string message;
  // The line may hold a secret (a password written where it does not belong): it is not
  // shown, only its place.
  bool hide_line = false;
};

// Collects problems in the order found.
class Diagnostics {
 public:
  void error(tuna::Location where, std::string message);
  void warning(tuna::Location where, std::string message);
  // An error about a line that may hold a secret: reported without the line itself.
  void secret_error(tuna::Location where, std::string message);
  bool has_errors() const;
  std::size_t error_count() const;
  const std::vector<Diagnostic>& all() const;
  // Into file order, as a compiler lists its errors; those without a line come first.
  void sort_by_location();

 private:
  std::vector<Diagnostic> found_;
};

// "file:line:column: error: message\n  <the source line>\n  <spaces>^\n" (line/column
// 1-based; when line == 0: "file: error: message\n"). `source` is the file's text; when it
// is empty, or has no such line, there is no excerpt.
std::string render(const Diagnostic& d, std::string_view source, bool colour);

// Every diagnostic, in order.
std::string render_all(const Diagnostics& diagnostics, std::string_view source, bool colour);

}  // namespace tuna::host
