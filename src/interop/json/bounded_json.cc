#include "interop/json/bounded_json.h"

#include <fmt/format.h>

#include <cstddef>
#include <iterator>
#include <string>

#include "core/control_character.h"

namespace rx {
namespace {

// An input iterator that remembers the last byte the parser read, so that the
// parser callback (which only gets the depth) can tell where it is: when the
// callback sees an array or object start, the last byte read is its bracket.
class TrackingIterator {
 public:
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  TrackingIterator(const char* p, const char** last_read) : p_(p), last_read_(last_read) {}
  reference operator*() const {
    *last_read_ = p_;
    return *p_;
  }
  TrackingIterator& operator++() {
    ++p_;
    return *this;
  }
  TrackingIterator operator++(int) {
    TrackingIterator old = *this;
    ++p_;
    return old;
  }
  bool operator==(const TrackingIterator& o) const { return p_ == o.p_; }

 private:
  const char* p_;
  const char** last_read_;
};

struct TooDeep {
  size_t offset;
};

struct ControlCharacter {
  size_t offset;
  unsigned char c;
};

// nlohmann's messages start with "[json.exception.parse_error.101] parse error
// at line 1, column 5: "; the position is reported separately, so keep the reason.
std::string parse_reason(const char* what) {
  std::string_view w(what);
  size_t column = w.find("column ");
  if (column != std::string_view::npos) {
    size_t colon = w.find(": ", column);
    if (colon != std::string_view::npos) return std::string(w.substr(colon + 2));
  }
  return std::string(w);
}

}  // namespace

Result<nlohmann::json> parse_json_bounded(std::string_view text, size_t max_depth) {
  const char* last_read = text.data();
  TrackingIterator first(text.data(), &last_read);
  TrackingIterator last(text.data() + text.size(), &last_read);
  auto limit_depth = [&](int depth, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
    bool opens =
        event == nlohmann::json::parse_event_t::object_start || event == nlohmann::json::parse_event_t::array_start;
    // `depth` counts the containers already open around this one.
    if (opens && static_cast<size_t>(depth) + 1 > max_depth) {
      throw TooDeep{static_cast<size_t>(last_read - text.data())};
    }
    bool text_read = event == nlohmann::json::parse_event_t::key || event == nlohmann::json::parse_event_t::value;
    if (text_read && parsed.is_string()) {
      if (auto c = control_character(parsed.get_ref<const std::string&>())) {
        throw ControlCharacter{static_cast<size_t>(last_read - text.data()), *c};
      }
    }
    return true;
  };
  try {
    return nlohmann::json::parse(first, last, limit_depth);
  } catch (const TooDeep& e) {
    return Status::invalid(
        fmt::format("malformed JSON at byte offset {}: nesting deeper than {} levels", e.offset, max_depth));
  } catch (const ControlCharacter& e) {
    return Status::invalid(fmt::format("malformed JSON at byte offset {}: a string holds the control character "
                                       "U+{:04X}; expected text",
                                       e.offset, e.c));
  } catch (const nlohmann::json::parse_error& e) {
    size_t offset = e.byte == 0 ? 0 : e.byte - 1;
    return Status::invalid(fmt::format("malformed JSON at byte offset {}: {}", offset, parse_reason(e.what())));
  } catch (const nlohmann::json::exception& e) {
    return Status::invalid(fmt::format("malformed JSON: {}", e.what()));
  }
}

}  // namespace rx
