// StaticFiles: the web assets (dashboard, calling screen) under a root folder.
#pragma once

#include <filesystem>
#include <optional>
#include <string_view>

#include "server/http_types.h"

namespace rx {

class StaticFiles {
 public:
  explicit StaticFiles(std::filesystem::path web_root);

  // The file a decoded URL path names: "/" is index.html, "/screen" is
  // screen.html. None for a path with a ".." segment, a backslash, or one
  // that leaves the root (also through a symlink), or that is not a file.
  std::optional<std::filesystem::path> resolve(std::string_view url_path) const;
  // 200 with the file and its content type, or 404.
  HttpResponse serve(std::string_view url_path) const;

 private:
  std::filesystem::path root_;  // canonical, or empty when it does not exist
};

// "text/html; charset=utf-8" for ".html", …; application/octet-stream when unknown.
std::string_view content_type_for(const std::filesystem::path& file);

}  // namespace rx
