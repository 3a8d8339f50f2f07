#include "server/multipart_form.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace rx {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The value of `name` among "; a=b; c=\"d\"" parameters, unquoted.
std::string parameter(std::string_view header, std::string_view name) {
  size_t pos = 0;
  while ((pos = header.find(';', pos)) != std::string_view::npos) {
    ++pos;
    std::string_view rest = trim(header.substr(pos));
    size_t eq = rest.find('=');
    if (eq == std::string_view::npos) continue;
    if (lower(trim(rest.substr(0, eq))) != name) continue;
    std::string_view value = trim(rest.substr(eq + 1));
    if (!value.empty() && value.front() == '"') {
      size_t close = value.find('"', 1);
      return std::string(value.substr(1, close == std::string_view::npos ? std::string_view::npos : close - 1));
    }
    return std::string(value.substr(0, value.find(';')));
  }
  return {};
}

Result<FormPart> parse_part(std::string_view part, size_t index) {
  size_t end = part.find("\r\n\r\n");
  if (end == std::string_view::npos) {
    return Status::invalid(fmt::format("form part {} has no blank line after its headers", index), "body");
  }
  FormPart out;
  std::string_view headers = part.substr(0, end);
  out.body = std::string(part.substr(end + 4));
  bool disposition = false;
  while (!headers.empty()) {
    size_t eol = headers.find("\r\n");
    std::string_view line = headers.substr(0, eol);
    headers = eol == std::string_view::npos ? std::string_view() : headers.substr(eol + 2);
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string name = lower(trim(line.substr(0, colon)));
    std::string_view value = trim(line.substr(colon + 1));
    if (name == "content-disposition") {
      disposition = true;
      out.name = parameter(value, "name");
      out.filename = parameter(value, "filename");
    } else if (name == "content-type") {
      out.content_type = lower(value.substr(0, value.find(';')));
    }
  }
  if (!disposition || out.name.empty()) {
    return Status::invalid(fmt::format("form part {} has no Content-Disposition name", index), "body");
  }
  return out;
}

}  // namespace

Result<std::string> multipart_boundary(std::string_view content_type) {
  std::string boundary = parameter(content_type, "boundary");
  if (boundary.empty() || boundary.size() > 70) {
    return Status::invalid("a multipart/form-data body needs a boundary parameter of 1 to 70 characters",
                           "Content-Type");
  }
  return boundary;
}

Result<std::vector<FormPart>> parse_multipart_form(std::string_view body, std::string_view boundary) {
  std::string delimiter = "--" + std::string(boundary);
  size_t pos = body.find(delimiter);
  if (pos == std::string_view::npos) return Status::invalid("the form has no part with its boundary", "body");
  std::vector<FormPart> parts;
  while (true) {
    pos += delimiter.size();
    if (body.substr(pos, 2) == "--") return parts;  // the closing delimiter
    if (body.substr(pos, 2) != "\r\n") {
      return Status::invalid(fmt::format("expected CRLF after the boundary at byte {}", pos), "body");
    }
    pos += 2;
    size_t next = body.find("\r\n" + delimiter, pos);
    if (next == std::string_view::npos) {
      return Status::invalid("the form ends without its closing boundary", "body");
    }
    if (parts.size() == kMaxFormParts) {
      return Status::invalid(fmt::format("the form has more than {} parts", kMaxFormParts), "body");
    }
    parts.push_back(TRY(parse_part(body.substr(pos, next - pos), parts.size())));
    pos = next + 2;
  }
}

}  // namespace rx
