#include "server/api_response.h"

#include <gtest/gtest.h>

#include <boost/beast/http/field.hpp>

namespace rx {
namespace {

namespace http = boost::beast::http;
using nlohmann::json;

TEST(ApiResponseTest, StatusMapsToHttp) {
  EXPECT_EQ(http_status_for(Status::invalid("x")), http::status::bad_request);
  EXPECT_EQ(http_status_for(Status::not_found("x")), http::status::not_found);
  EXPECT_EQ(http_status_for(Status::conflict("x")), http::status::conflict);
  EXPECT_EQ(http_status_for(Status(ErrorCode::kUnauthenticated, "x")), http::status::unauthorized);
  EXPECT_EQ(http_status_for(Status(ErrorCode::kPermissionDenied, "x")), http::status::forbidden);
  EXPECT_EQ(http_status_for(Status::unavailable("x")), http::status::service_unavailable);
  EXPECT_EQ(http_status_for(Status::internal("x")), http::status::internal_server_error);
  EXPECT_EQ(http_status_for(Status::invalid("x").with_reason("UNSUPPORTED_MEDIA_TYPE")),
            http::status::unsupported_media_type);
}

TEST(ApiResponseTest, CodeIsTheReasonElseTheUpperCaseName) {
  EXPECT_EQ(error_code_label(Status::invalid("x", "items[0].drug").with_reason("UNKNOWN_DRUG")), "UNKNOWN_DRUG");
  EXPECT_EQ(error_code_label(Status::invalid("x")), "INVALID_ARGUMENT");
  EXPECT_EQ(error_code_label(Status(ErrorCode::kPermissionDenied, "x")), "PERMISSION_DENIED");
  EXPECT_EQ(error_code_label(Status::conflict("x")), "CONFLICT");
}

TEST(ApiResponseTest, ErrorJsonShape) {
  json with_field = error_json(Status::invalid("must be positive", "items[0].quantity.value"));
  EXPECT_EQ(with_field, json::parse(R"({"error":{"code":"INVALID_ARGUMENT","message":"must be positive",
                                        "field":"items[0].quantity.value"}})"));
  json without_field = error_json(Status::not_found("no such prescription"));
  EXPECT_EQ(without_field, json::parse(R"({"error":{"code":"NOT_FOUND","message":"no such prescription"}})"));
  EXPECT_FALSE(without_field["error"].contains("field"));
}

TEST(ApiResponseTest, ErrorResponseCarriesJson) {
  HttpResponse res = error_response(Status::conflict("the prescription is not ready"));
  EXPECT_EQ(res.result(), http::status::conflict);
  EXPECT_EQ(res[http::field::content_type], "application/json");
  EXPECT_EQ(json::parse(res.body())["error"]["code"], "CONFLICT");
  HttpResponse unauthenticated = error_response(Status(ErrorCode::kUnauthenticated, "sign in"));
  EXPECT_EQ(unauthenticated[http::field::www_authenticate], "Bearer");
  HttpResponse custom = error_response(http::status::method_not_allowed, "METHOD_NOT_ALLOWED", "use POST");
  EXPECT_EQ(custom.result(), http::status::method_not_allowed);
  EXPECT_EQ(json::parse(custom.body())["error"]["code"], "METHOD_NOT_ALLOWED");
}

TEST(ApiResponseTest, JsonResponseReplacesInvalidUtf8) {
  HttpResponse res = json_response(http::status::ok, {{"name", std::string("a\xff"
                                                                           "b")}});
  EXPECT_EQ(res.result(), http::status::ok);
  EXPECT_TRUE(json::accept(res.body()));
}

HttpRequest post(const std::string& body, const char* content_type) {
  HttpRequest req{http::verb::post, "/api/v1/prescriptions", 11};
  if (content_type) req.set(http::field::content_type, content_type);
  req.body() = body;
  return req;
}

TEST(ReadJsonBodyTest, EmptyBodyIsAnEmptyObject) {
  auto r = read_json_body(post("", nullptr));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, json::object());
  EXPECT_TRUE(read_json_body(post(" \r\n", nullptr)).ok());
}

TEST(ReadJsonBodyTest, AcceptsJsonContentTypes) {
  for (const char* type : {"application/json", "application/json; charset=utf-8", "Application/JSON"}) {
    auto r = read_json_body(post(R"({"a":1})", type));
    ASSERT_TRUE(r.ok()) << type;
    EXPECT_EQ((*r)["a"], 1);
  }
}

TEST(ReadJsonBodyTest, OtherContentTypesAre415) {
  const char* types[] = {"text/plain", "application/x-www-form-urlencoded", "application/jsonx", nullptr};
  for (const char* type : types) {
    auto r = read_json_body(post(R"({"a":1})", type));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(http_status_for(r.status()), http::status::unsupported_media_type);
    EXPECT_EQ(error_code_label(r.status()), "UNSUPPORTED_MEDIA_TYPE");
  }
}

TEST(ReadJsonBodyTest, MalformedJsonNamesThePosition) {
  auto r = read_json_body(post(R"({"a": 1,})", "application/json"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(http_status_for(r.status()), http::status::bad_request);
  EXPECT_EQ(error_code_label(r.status()), "MALFORMED_JSON");
  EXPECT_NE(r.status().message().find("offset"), std::string::npos) << r.status().message();
  auto deep = read_json_body(post(std::string(100, '[') + std::string(100, ']'), "application/json"));
  ASSERT_FALSE(deep.ok());
  EXPECT_EQ(error_code_label(deep.status()), "MALFORMED_JSON");
}

}  // namespace
}  // namespace rx
