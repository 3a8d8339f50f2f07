// JsonText: JSON written straight to text, for the documents the service
// writes often (stored records, event payloads), without building a tree.
#pragma once

#include <fmt/format.h>

#include <optional>
#include <string>
#include <string_view>

#include "core/time.h"

namespace rx {

// Appends JSON text exactly as nlohmann's dump() writes it: no spaces, and
// keys in the order the caller gives them, which must be the sorted order in
// which a json object holds them.
class JsonText {
 public:
  explicit JsonText(std::string& out) : out_(out) {}

  void begin_object() {
    before_value();
    out_ += '{';
    first_ = true;
  }
  void end_object() {
    out_ += '}';
    first_ = false;
  }
  void begin_array() {
    before_value();
    out_ += '[';
    first_ = true;
  }
  void end_array() {
    out_ += ']';
    first_ = false;
  }
  void key(std::string_view k) {
    if (!first_) out_ += ',';
    first_ = false;
    append_string(k);
    out_ += ':';
    after_key_ = true;
  }
  void string(std::string_view s) {
    before_value();
    append_string(s);
  }
  void integer(long long v) {
    before_value();
    out_ += fmt::format_int(v).str();
  }
  void unsigned_integer(unsigned long long v) {
    before_value();
    out_ += fmt::format_int(v).str();
  }
  void boolean(bool v) {
    before_value();
    out_ += v ? "true" : "false";
  }
  void null() {
    before_value();
    out_ += "null";
  }
  // A value already written as JSON text.
  void raw(std::string_view text) {
    before_value();
    out_ += text;
  }
  // write(*v) for a value (it writes one JSON value here), null for none.
  template <class T, class Write>
  void value_or_null(const std::optional<T>& v, Write write) {
    if (v) {
      write(*v);
    } else {
      null();
    }
  }
  void instant_or_null(const std::optional<Instant>& t, const Zone& zone) {
    value_or_null(t, [&](Instant at) { string(format_local(at, zone)); });
  }
  template <class T>
  void int_or_null(const std::optional<T>& v) {
    value_or_null(v, [&](const T& x) { integer(x); });
  }

 private:
  void before_value() {
    if (after_key_) {
      after_key_ = false;
    } else {
      if (!first_) out_ += ',';
      first_ = false;
    }
  }
  void append_string(std::string_view s);

  std::string& out_;
  bool first_ = true;
  bool after_key_ = false;
};

}  // namespace rx
