// What the integration tests give `rxpress serve`: a fresh folder per test,
// a configuration file and the tokens it names.
#pragma once

#include <filesystem>
#include <string>

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

}  // namespace rx::test
