// Result<T>: a value or the Status that explains why there is none.
// TRY(expr) returns early with the error, else yields the value (GNU statement
// expression; both g++ and clang accept it).
#pragma once

#include <cassert>
#include <optional>
#include <utility>

#include "core/status.h"

namespace rx {

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) { assert(!status_.ok()); }  // NOLINT

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  const T& value() const& { assert(ok()); return *value_; }
  T& value() & { assert(ok()); return *value_; }
  T&& value() && { assert(ok()); return std::move(*value_); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

 private:
  std::optional<T> value_;
  Status status_;
};

namespace detail {
inline Status try_error(Status&& s) { return std::move(s); }
template <class T>
Status try_error(Result<T>&& r) { return r.status(); }
inline void try_unwrap(Status&&) {}
template <class T>
T try_unwrap(Result<T>&& r) { return std::move(r).value(); }
}  // namespace detail

}  // namespace rx

#define TRY(expr)                                                     \
  ({                                                                  \
    auto rx_try_result_ = (expr);                                     \
    if (!rx_try_result_.ok()) return ::rx::detail::try_error(std::move(rx_try_result_)); \
    ::rx::detail::try_unwrap(std::move(rx_try_result_));              \
  })
