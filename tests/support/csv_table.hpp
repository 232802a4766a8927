// Reads CSV text back into rows of cells (RFC 4180: quoted fields, doubled quotes, line
// breaks inside quotes, CRLF or LF row ends), so tests check what a spreadsheet would see.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tuna::test {

using CsvRows = std::vector<std::vector<std::string>>;

inline CsvRows parse_csv(std::string_view text) {
  CsvRows rows;
  std::vector<std::string> row;
  std::string cell;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c != '"')
        cell += c;
      else if (i + 1 < text.size() && text[i + 1] == '"')
        cell += text[++i];
      else
        quoted = false;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      row.push_back(std::exchange(cell, {}));
    } else if (c == '\n' || (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n')) {
      if (c == '\r') ++i;
      row.push_back(std::exchange(cell, {}));
      rows.push_back(std::exchange(row, {}));
    } else {
      cell += c;
    }
  }
  if (!cell.empty() || !row.empty()) {
    row.push_back(cell);
    rows.push_back(row);
  }
  return rows;
}

}  // namespace tuna::test
