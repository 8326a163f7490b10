// Result<T>: the value a wire parser returns — either what it read, or an Error that says what
// was wrong and where. Errors from the network are values, never exceptions (shared/STYLE.md):
// a malformed packet must not unwind through a layer or lose what was already accepted.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <variant>

namespace lucid {

// What went wrong while reading wire data, and where. `where` is a human position such as
// "byte 20" or "line 14"; it is empty when the position does not matter.
struct Error {
  std::string what;
  std::string where;

  // "byte 20: attribute length 12 runs past the end" — the form every trace and test prints.
  std::string message() const { return where.empty() ? what : where + ": " + what; }
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}          // NOLINT: implicit by design
  Result(Error error) : state_(std::move(error)) {}      // NOLINT: implicit by design

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  // The value; calling it on an error is a programming mistake, so it throws.
  T& value() & { return std::get<0>(state_); }
  const T& value() const& { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const { return std::get<1>(state_); }

 private:
  std::variant<T, Error> state_;
};

// For operations that produce nothing but may fail.
struct Ok {};
using Status = Result<Ok>;

// Builds an Error with an optional position, e.g. fail("wrong magic cookie", "byte 4").
inline Error fail(std::string what, std::string where = {}) {
  return Error{std::move(what), std::move(where)};
}

}  // namespace lucid
