// HL7 v2 parse throughput: parses the given files round after round, until the
// process has used the given CPU time, and prints one JSON line with the
// count, for each of rxpress's two parsers: parse_hl7_view, which intake uses,
// and parse_hl7, which also builds the tree. bench/hl7_parse_compare.sh runs it
// beside python3-hl7 and simple-hl7.
//
//   hl7_parse_bench [--seconds S] [--parsers view,tree] FILE...
#include <time.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "interop/hl7v2/parser.h"

namespace {

// CPU time, not wall time: on a shared machine the wall clock counts other people's work too.
double cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = 5;
  std::string parsers = "view,tree";
  std::vector<std::string> messages;
  size_t round_bytes = 0;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--seconds" && i + 1 < argc) {
      seconds = std::atof(argv[++i]);
      continue;
    }
    if (arg == "--parsers" && i + 1 < argc) {
      parsers = argv[++i];
      continue;
    }
    std::string bytes = read_file(argv[i]);
    // Every file must be a message the parser accepts, or the rate would count refusals.
    auto parsed = rx::hl7::parse_hl7(bytes);
    if (!parsed.ok()) {
      fmt::print(stderr, "{}: not a well-formed message: {}\n", arg, parsed.status().message());
      return 2;
    }
    round_bytes += bytes.size();
    messages.push_back(std::move(bytes));
  }
  if (messages.empty()) {
    fmt::print(stderr, "usage: hl7_parse_bench [--seconds S] FILE...\n");
    return 2;
  }

  auto run = [&](std::string_view name, auto parse_and_count) {
    size_t rounds = 0;
    size_t segments = 0;  // used, so the parse cannot be optimised away
    double start = cpu_seconds();
    double elapsed = 0;
    while (elapsed < seconds) {
      for (const std::string& m : messages) segments += parse_and_count(m);
      ++rounds;
      elapsed = cpu_seconds() - start;
    }
    fmt::print("{{\"parser\":\"{}\",\"messages\":{},\"bytes\":{},\"cpu_seconds\":{:.3f},\"segments\":{}}}\n", name,
               rounds * messages.size(), rounds * round_bytes, elapsed, segments);
  };
  if (parsers.find("view") != std::string::npos) {
    run("rxpress parse_hl7_view (intake)", [](const std::string& m) { return rx::hl7::parse_hl7_view(m)->segment_count(); });
  }
  if (parsers.find("tree") != std::string::npos) {
    run("rxpress parse_hl7 (tree)", [](const std::string& m) { return rx::hl7::parse_hl7(m)->segments.size(); });
  }
  return 0;
}
