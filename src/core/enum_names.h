// Names of enum values for the wire and the store, from one table per enum.
#pragma once

#include <array>
#include <optional>
#include <string_view>
#include <utility>

namespace rx {

template <class E, size_t N>
using EnumNames = std::array<std::pair<E, std::string_view>, N>;

// The name of `value`; the table's first name for a value not in it.
template <class E, size_t N>
constexpr std::string_view enum_name(const EnumNames<E, N>& table, E value) {
  for (const auto& [v, name] : table) {
    if (v == value) return name;
  }
  return table[0].second;
}

// The value named `name`, or nullopt.
template <class E, size_t N>
constexpr std::optional<E> parse_enum(const EnumNames<E, N>& table, std::string_view name) {
  for (const auto& [v, n] : table) {
    if (n == name) return v;
  }
  return std::nullopt;
}

}  // namespace rx
