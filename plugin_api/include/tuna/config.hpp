// A component's settings after the host validated them against the component's schema:
// every value is typed, in its base unit, and remembers where it was written.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace tuna {

// 1-based, as editors and compilers print them. line == 0 means "not from a file"
// (for example a default value).
struct Location {
  std::string file;
  int line = 0;
  int column = 0;
};

class Config {
 public:
  // Lists are kept as their elements' canonical text; the schema already checked them.
  using Scalar = std::variant<bool, std::int64_t, double, std::string, std::vector<std::string>>;

  struct Entry {
    Scalar value;
    Location where;
    bool defaulted = false;  // filled from the schema's default, not written by the user
  };

  // --- reading (what components do) ---
  bool has(std::string_view name) const {
    return entries_.count(std::string(name)) != 0 || groups_.count(std::string(name)) != 0;
  }
  // Whether the user wrote the option (as opposed to a default filling it).
  bool written(std::string_view name) const {
    auto it = entries_.find(std::string(name));
    if (it != entries_.end()) return !it->second.defaulted;
    return groups_.count(std::string(name)) != 0;
  }
  bool boolean(std::string_view name) const { return get<bool>(name); }
  std::int64_t integer(std::string_view name) const {
    const auto& v = entry(name).value;
    if (auto d = std::get_if<double>(&v)) return static_cast<std::int64_t>(*d);
    return get<std::int64_t>(name);
  }
  // integer, number, duration (seconds), size (bytes) and bitrate (bits/s).
  double number(std::string_view name) const {
    const auto& v = entry(name).value;
    if (auto i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
    return get<double>(name);
  }
  // string, enumeration (canonical spelling) and host (the host's name).
  const std::string& string(std::string_view name) const { return get<std::string>(name); }
  const std::vector<std::string>& list(std::string_view name) const {
    return get<std::vector<std::string>>(name);
  }
  // A nested group; an empty Config when the user did not write it.
  const Config& group(std::string_view name) const {
    auto it = groups_.find(std::string(name));
    static const Config empty;
    return it == groups_.end() ? empty : *it->second;
  }
  bool has_group(std::string_view name) const { return groups_.count(std::string(name)) != 0; }

  const Entry& entry(std::string_view name) const {
    auto it = entries_.find(std::string(name));
    if (it == entries_.end()) throw std::out_of_range("no setting '" + std::string(name) + "'");
    return it->second;
  }
  const std::map<std::string, Entry, std::less<>>& entries() const { return entries_; }
  const std::map<std::string, std::shared_ptr<const Config>, std::less<>>& groups() const {
    return groups_;
  }

  // Where the whole block was written (the mapping that holds the settings).
  const Location& where() const { return where_; }
  // Where a dotted path ("client.udp") was written; the nearest enclosing block if the
  // option itself was not written.
  Location location(std::string_view path) const {
    auto dot = path.find('.');
    if (dot != std::string_view::npos) {
      auto it = groups_.find(std::string(path.substr(0, dot)));
      return it == groups_.end() ? where_ : it->second->location(path.substr(dot + 1));
    }
    auto it = entries_.find(std::string(path));
    if (it != entries_.end() && !it->second.defaulted) return it->second.where;
    auto g = groups_.find(std::string(path));
    return g == groups_.end() ? where_ : g->second->where_;
  }

  // --- building (what the host's validator does) ---
  void set(std::string name, Scalar value, Location where, bool defaulted = false) {
    entries_[std::move(name)] = Entry{std::move(value), std::move(where), defaulted};
  }
  void set_group(std::string name, Config group) {
    groups_[std::move(name)] = std::make_shared<const Config>(std::move(group));
  }
  void set_where(Location where) { where_ = std::move(where); }

 private:
  template <class T>
  const T& get(std::string_view name) const {
    const auto& v = entry(name).value;
    if (auto p = std::get_if<T>(&v)) return *p;
    throw std::logic_error("setting '" + std::string(name) + "' has another type");
  }

  std::map<std::string, Entry, std::less<>> entries_;
  std::map<std::string, std::shared_ptr<const Config>, std::less<>> groups_;
  Location where_;
};

}  // namespace tuna
