#include "server/request_numbers.h"

#include <fmt/format.h>

#include <charconv>
#include <limits>
#include <system_error>

namespace rx {

namespace {
constexpr size_t kMaxEchoedChars = 40;  // of a bad id, in the error
}  // namespace

std::optional<long long> whole_number(std::string_view text, long long min, long long max) {
  if (text.empty() || text.find_first_not_of("0123456789") != std::string_view::npos) return std::nullopt;
  long long value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < min || value > max) return std::nullopt;
  return value;
}

Result<long long> path_id_number(const RequestContext& ctx, std::string_view what) {
  auto it = ctx.params.find("id");
  std::string_view text = it == ctx.params.end() ? std::string_view{} : std::string_view(it->second);
  if (auto value = whole_number(text, 1, std::numeric_limits<long long>::max())) return *value;
  return Status::not_found(fmt::format("there is no {} with id '{}'", what, text.substr(0, kMaxEchoedChars)));
}

std::optional<std::string> query_value(const RequestContext& ctx, std::string_view name) {
  auto value = ctx.query.get(name);
  if (value && value->empty()) return std::nullopt;
  return value;
}

}  // namespace rx
