#include "server/static_files.h"

#include <boost/beast/http/field.hpp>
#include <fstream>
#include <iterator>
#include <system_error>

namespace rx {
namespace {

namespace fs = std::filesystem;
namespace http = boost::beast::http;

HttpResponse not_found() {
  HttpResponse res{http::status::not_found, 11};
  res.set(http::field::content_type, "text/plain; charset=utf-8");
  res.body() = "not found\n";
  return res;
}

bool has_parent_segment(std::string_view path) {
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    std::string_view segment = path.substr(start, slash == std::string_view::npos ? path.npos : slash - start);
    if (segment == "..") return true;
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return false;
}

bool is_within(const fs::path& root, const fs::path& p) {
  auto r = root.begin();
  auto q = p.begin();
  for (; r != root.end(); ++r, ++q) {
    if (q == p.end() || *r != *q) return false;
  }
  return true;
}

}  // namespace

StaticFiles::StaticFiles(fs::path web_root) {
  std::error_code ec;
  root_ = fs::canonical(web_root, ec);
  if (ec) root_.clear();
}

std::optional<fs::path> StaticFiles::resolve(std::string_view url_path) const {
  if (root_.empty() || url_path.empty() || url_path.front() != '/') return std::nullopt;
  if (has_parent_segment(url_path) || url_path.find('\\') != std::string_view::npos ||
      url_path.find('\0') != std::string_view::npos) {
    return std::nullopt;
  }
  std::string_view relative = url_path.substr(1);
  if (relative.empty()) relative = "index.html";
  if (relative == "screen") relative = "screen.html";
  std::error_code ec;
  fs::path file = fs::canonical(root_ / fs::path(relative), ec);
  if (ec || !is_within(root_, file) || !fs::is_regular_file(file, ec)) return std::nullopt;
  return file;
}

HttpResponse StaticFiles::serve(std::string_view url_path) const {
  auto file = resolve(url_path);
  if (!file) return not_found();
  std::ifstream in(*file, std::ios::binary);
  if (!in) return not_found();
  HttpResponse res{http::status::ok, 11};
  res.body().assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (in.bad()) return not_found();
  std::string_view type = content_type_for(*file);
  res.set(http::field::content_type, boost::beast::string_view(type.data(), type.size()));
  if (file->extension() == ".html") res.set(http::field::cache_control, "no-cache");
  return res;
}

std::string_view content_type_for(const fs::path& file) {
  const std::string ext = file.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".json") return "application/json";
  if (ext == ".ico") return "image/x-icon";
  return "application/octet-stream";
}

}  // namespace rx
