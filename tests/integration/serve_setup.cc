#include "integration/serve_setup.h"

#include <gtest/gtest.h>
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

}  // namespace rx::test
