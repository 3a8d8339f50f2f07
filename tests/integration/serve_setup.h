// What the integration tests give `rxpress serve`: a fresh folder per test,
// a configuration file and the tokens it names; and the fixtures that start
// it, for one test or for a whole suite.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>

#include "integration/http_client.h"
#include "integration/rxpress_process.h"

namespace rx::test {

inline constexpr const char* kHisToken = "it-his-token-0123456789";
inline constexpr const char* kPharmacistToken = "it-pharmacist-token-0123456789";
inline constexpr const char* kAdminToken = "it-admin-token-0123456789";
inline constexpr const char* kBootstrapToken = "it-bootstrap-token-0123456789";

// An empty folder under the test temp dir, named after `name` (by default the
// running test) and this process; anything left there from before is removed.
std::filesystem::path fresh_test_dir(const std::string& name = {});
// Whether the simulated devices fail at the reference rates ([devices] faults).
enum class DeviceFaults { kReference, kNone };

// Writes <dir>/rxpress.toml: HTTP and MLLP on free loopback ports, devices `device_speed`
// times faster, and the his, pharmacist and admin tokens above. Returns its path.
std::filesystem::path write_serve_config(const std::filesystem::path& dir, double device_speed,
                                         DeviceFaults faults = DeviceFaults::kReference);

// `rxpress serve` on a fresh folder: devices 50 times faster, with no faults,
// and the tokens above.
class ServedPharmacy {
 public:
  // Makes the folder (fresh_test_dir(name)) and writes its configuration.
  explicit ServedPharmacy(const std::string& name = {});
  // Stops the server; removes the folder unless a test of the suite failed.
  ~ServedPharmacy();
  ServedPharmacy(const ServedPharmacy&) = delete;
  ServedPharmacy& operator=(const ServedPharmacy&) = delete;

  const std::filesystem::path& dir() const { return dir_; }
  // The configuration file; append sections to it before start().
  const std::filesystem::path& config() const { return config_; }
  // Starts the server with its store in <dir>/data and its log in
  // <dir>/rxpress.log. Empty, or why it did not start.
  std::string start();
  // The running server; null before start() succeeded.
  RxpressProcess* process() const { return process_.get(); }

 private:
  std::filesystem::path dir_;
  std::filesystem::path config_;
  std::unique_ptr<RxpressProcess> process_;
};

// The refusal `reply` must be: its HTTP status, its error code (unless empty),
// a message, and the field it names (unless empty).
void expect_refusal(const HttpReply& reply, int status, const std::string& code = {},
                    const std::string& field = {});

// A fixture whose tests each have a served pharmacy of their own, started
// before the test body.
class ServeTest : public testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;
  // What the pharmacy needs before it starts (more configuration, files).
  virtual void prepare(const ServedPharmacy&) {}

  std::unique_ptr<ServedPharmacy> served_;
  std::unique_ptr<HttpClient> client_;
};

// A fixture whose tests share one served pharmacy, started before the suite's
// first test and stopped after its last.
class SharedServeTest : public testing::Test {
 protected:
  static void SetUpTestSuite();
  static void TearDownTestSuite();
  // Fails the test if the server did not start; gives it a client of its own.
  void SetUp() override;

  static ServedPharmacy* served_;
  static std::string* start_error_;
  std::unique_ptr<HttpClient> client_;
};

}  // namespace rx::test
