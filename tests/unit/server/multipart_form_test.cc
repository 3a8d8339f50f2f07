#include "server/multipart_form.h"

#include <gtest/gtest.h>

namespace rx {
namespace {

TEST(MultipartFormTest, ReadsTheBoundaryQuotedOrNot) {
  EXPECT_EQ(*multipart_boundary("multipart/form-data; boundary=abc"), "abc");
  EXPECT_EQ(*multipart_boundary("multipart/form-data; charset=utf-8; boundary=\"a b;c\""), "a b;c");
  auto missing = multipart_boundary("multipart/form-data");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().field(), "Content-Type");
}

TEST(MultipartFormTest, SplitsFieldsAndFilesKeepingBinaryBodies) {
  std::string binary("\x89PNG\r\n\x1A\n\0\r\n-", 12);
  std::string body = "preamble\r\n--B\r\nContent-Disposition: form-data; name=\"prescription_id\"\r\n\r\n42\r\n"
                     "--B\r\ncontent-disposition: form-data; name=\"image\"; filename=\"t.png\"\r\n"
                     "Content-Type: image/PNG\r\n\r\n" + binary + "\r\n--B--\r\n";
  auto parts = parse_multipart_form(body, "B");
  ASSERT_TRUE(parts.ok()) << parts.status().message();
  ASSERT_EQ(parts->size(), 2u);
  EXPECT_EQ((*parts)[0].name, "prescription_id");
  EXPECT_EQ((*parts)[0].body, "42");
  EXPECT_EQ((*parts)[1].name, "image");
  EXPECT_EQ((*parts)[1].filename, "t.png");
  EXPECT_EQ((*parts)[1].content_type, "image/png");
  EXPECT_EQ((*parts)[1].body, binary);
}

TEST(MultipartFormTest, RefusesMalformedForms) {
  EXPECT_FALSE(parse_multipart_form("no boundary here", "B").ok());
  auto unclosed = parse_multipart_form("--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1", "B");
  ASSERT_FALSE(unclosed.ok());
  EXPECT_NE(unclosed.status().message().find("closing boundary"), std::string::npos);
  auto unnamed = parse_multipart_form("--B\r\nContent-Type: text/plain\r\n\r\n1\r\n--B--", "B");
  ASSERT_FALSE(unnamed.ok());
  EXPECT_NE(unnamed.status().message().find("no Content-Disposition name"), std::string::npos);
  std::string many;
  for (size_t i = 0; i <= kMaxFormParts; ++i) many += "--B\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nx\r\n";
  many += "--B--";
  auto too_many = parse_multipart_form(many, "B");
  ASSERT_FALSE(too_many.ok());
  EXPECT_NE(too_many.status().message().find("more than 16 parts"), std::string::npos);
}

}  // namespace
}  // namespace rx
