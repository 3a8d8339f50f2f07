#include "integration/serve_setup.h"

#include <unistd.h>

#include <fstream>
#include <string>

namespace rx::test {

std::filesystem::path fresh_test_dir(const std::string& given_name) {
  const auto* info = testing::UnitTest::GetInstance()->current_test_info();
  std::string name = given_name;
  if (name.empty()) name = info ? std::string(info->test_suite_name()) + "." + info->name() : "rxpress";
  std::filesystem::path dir =
      std::filesystem::path(testing::TempDir()) / ("rxpress-it-" + name + "-" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

std::filesystem::path write_serve_config(const std::filesystem::path& dir, double device_speed, DeviceFaults faults) {
  std::filesystem::path path = dir / "rxpress.toml";
  std::ofstream out(path);
  out << "timezone = \"Asia/Shanghai\"\n"
      << "[http]\n"
      << "bind = \"127.0.0.1\"\n"
      << "port = 0\n"
      << "[mllp]\n"
      << "bind = \"127.0.0.1\"\n"
      << "port = 0\n"
      << "[devices]\n"
      << "speed = " << std::to_string(device_speed) << "\n"
      << "faults = " << (faults == DeviceFaults::kReference ? "true" : "false") << "\n";
  const std::pair<const char*, const char*> tokens[] = {
      {kHisToken, "his"}, {kPharmacistToken, "pharmacist"}, {kAdminToken, "admin"}};
  for (const auto& [token, role] : tokens) {
    out << "[[tokens]]\n"
        << "token = \"" << token << "\"\n"
        << "role = \"" << role << "\"\n"
        << "name = \"" << role << "-test\"\n";
  }
  return path;
}

namespace {

constexpr double kDeviceSpeed = 50;

bool suite_failed() {
  const testing::TestSuite* suite = testing::UnitTest::GetInstance()->current_test_suite();
  return suite ? suite->Failed() : testing::UnitTest::GetInstance()->Failed();
}

}  // namespace

ServedPharmacy::ServedPharmacy(const std::string& name)
    : dir_(fresh_test_dir(name)), config_(write_serve_config(dir_, kDeviceSpeed, DeviceFaults::kNone)) {}

ServedPharmacy::~ServedPharmacy() {
  if (process_) process_->stop();
  process_.reset();
  if (!suite_failed()) std::filesystem::remove_all(dir_);
}

std::string ServedPharmacy::start() {
  LaunchOptions options;
  options.args = {"serve", "--config", config_.string(), "--data", (dir_ / "data").string()};
  options.stderr_path = dir_ / "rxpress.log";
  std::string error;
  process_ = RxpressProcess::start(options, error);
  return process_ ? std::string() : error;
}

void expect_refusal(const HttpReply& r, int status, const std::string& code, const std::string& field) {
  EXPECT_EQ(r.status, status) << describe(r);
  ASSERT_TRUE(r.json.is_object() && r.json.contains("error")) << describe(r);
  const nlohmann::json& error = r.json.at("error");
  if (!code.empty()) {
    EXPECT_EQ(error.value("code", ""), code) << describe(r);
  }
  EXPECT_FALSE(error.value("message", "").empty()) << describe(r);
  if (!field.empty()) {
    EXPECT_EQ(error.value("field", ""), field) << describe(r);
  }
}

void ServeTest::SetUp() {
  served_ = std::make_unique<ServedPharmacy>();
  prepare(*served_);
  std::string error = served_->start();
  ASSERT_TRUE(error.empty()) << error;
  client_ = std::make_unique<HttpClient>(served_->process()->port());
}

void ServeTest::TearDown() {
  client_.reset();
  served_.reset();
}

ServedPharmacy* SharedServeTest::served_ = nullptr;
std::string* SharedServeTest::start_error_ = nullptr;

void SharedServeTest::SetUpTestSuite() {
  served_ = new ServedPharmacy(testing::UnitTest::GetInstance()->current_test_suite()->name());
  start_error_ = new std::string(served_->start());
}

void SharedServeTest::TearDownTestSuite() {
  delete served_;
  served_ = nullptr;
  delete start_error_;
  start_error_ = nullptr;
}

void SharedServeTest::SetUp() {
  ASSERT_NE(served_, nullptr);
  ASSERT_NE(served_->process(), nullptr) << *start_error_;
  client_ = std::make_unique<HttpClient>(served_->process()->port());
}

}  // namespace rx::test
