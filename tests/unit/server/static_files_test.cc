#include "server/static_files.h"

#include <gtest/gtest.h>

#include <boost/beast/http/field.hpp>
#include <fstream>

namespace rx {
namespace {

namespace fs = std::filesystem;
namespace http = boost::beast::http;

void write_file(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = fs::path(::testing::TempDir()) /
            ("rxpress_static_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(base_);
    root_ = base_ / "web";
    write_file(root_ / "index.html", "<h1>dashboard</h1>");
    write_file(root_ / "screen.html", "<h1>screen</h1>");
    write_file(root_ / "js" / "app.js", "console.log(1);");
    write_file(root_ / "style.css", "body{}");
    write_file(root_ / "logo.svg", "<svg/>");
    write_file(base_ / "secret.txt", "not for the web");
    fs::create_directories(root_ / "folder");
    fs::create_symlink(base_ / "secret.txt", root_ / "leak.txt");
  }
  void TearDown() override { fs::remove_all(base_); }

  fs::path base_;
  fs::path root_;
};

TEST_F(StaticFilesTest, RootAndScreenPages) {
  StaticFiles files(root_);
  EXPECT_EQ(files.resolve("/"), fs::canonical(root_ / "index.html"));
  EXPECT_EQ(files.resolve("/screen"), fs::canonical(root_ / "screen.html"));
  EXPECT_EQ(files.resolve("/js/app.js"), fs::canonical(root_ / "js" / "app.js"));
}

TEST_F(StaticFilesTest, RefusesTraversal) {
  StaticFiles files(root_);
  for (const char* path :
       {"/../secret.txt", "/js/../../secret.txt", "/..", "/js/..", "/..\\secret.txt", "/js\\..\\..\\secret.txt",
        "//etc/passwd", "/leak.txt", "/folder", "/missing.js", "", "relative.html"}) {
    EXPECT_EQ(files.resolve(path), std::nullopt) << path;
    EXPECT_EQ(files.serve(path).result(), http::status::not_found) << path;
  }
}

TEST_F(StaticFilesTest, ServesWithContentTypes) {
  StaticFiles files(root_);
  auto index = files.serve("/");
  EXPECT_EQ(index.result(), http::status::ok);
  EXPECT_EQ(index.body(), "<h1>dashboard</h1>");
  EXPECT_EQ(index[http::field::content_type], "text/html; charset=utf-8");
  EXPECT_EQ(index[http::field::cache_control], "no-cache");
  auto js = files.serve("/js/app.js");
  EXPECT_EQ(js.body(), "console.log(1);");
  EXPECT_EQ(js[http::field::content_type], "text/javascript; charset=utf-8");
  EXPECT_EQ(files.serve("/style.css")[http::field::content_type], "text/css; charset=utf-8");
  EXPECT_EQ(files.serve("/logo.svg")[http::field::content_type], "image/svg+xml");
}

TEST_F(StaticFilesTest, MissingRootServesNothing) {
  StaticFiles files(base_ / "absent");
  EXPECT_EQ(files.resolve("/"), std::nullopt);
  EXPECT_EQ(files.serve("/").result(), http::status::not_found);
}

TEST(ContentTypeTest, KnownAndUnknownExtensions) {
  EXPECT_EQ(content_type_for("a.png"), "image/png");
  EXPECT_EQ(content_type_for("a.json"), "application/json");
  EXPECT_EQ(content_type_for("favicon.ico"), "image/x-icon");
  EXPECT_EQ(content_type_for("a.bin"), "application/octet-stream");
  EXPECT_EQ(content_type_for("Makefile"), "application/octet-stream");
}

}  // namespace
}  // namespace rx
