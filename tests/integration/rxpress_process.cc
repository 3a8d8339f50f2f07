#include "integration/rxpress_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

#include "integration/http_client.h"

extern char** environ;

namespace rx::test {
namespace {

constexpr auto kPollInterval = std::chrono::milliseconds(20);
constexpr size_t kLogTail = 4000;

int exit_code_of(int wait_status) {
  if (WIFEXITED(wait_status)) return WEXITSTATUS(wait_status);
  if (WIFSIGNALED(wait_status)) return 128 + WTERMSIG(wait_status);
  return -1;
}

std::string tail(const std::string& text) {
  return text.size() <= kLogTail ? text : "…" + text.substr(text.size() - kLogTail);
}

// This process's environment with `overrides` set on top, as NAME=value strings.
std::vector<std::string> child_environment(const std::map<std::string, std::string>& overrides) {
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string entry(*e);
    std::string name = entry.substr(0, entry.find('='));
    if (!overrides.count(name)) env.push_back(std::move(entry));
  }
  for (const auto& [name, value] : overrides) env.push_back(name + "=" + value);
  return env;
}

std::vector<char*> c_strings(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (auto& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

// The port in the server's "http: listening on <address>:<port>" log line, or
// 0 if the log has no such line yet.
unsigned short listening_port(const std::string& log) {
  static const std::string kMarker = "http: listening on ";
  size_t at = log.find(kMarker);
  if (at == std::string::npos) return 0;
  size_t end = log.find('\n', at);
  if (end == std::string::npos) return 0;  // the line is not complete yet
  std::string line = log.substr(at + kMarker.size(), end - at - kMarker.size());
  size_t colon = line.rfind(':');
  if (colon == std::string::npos) return 0;
  unsigned long port = 0;
  for (char c : line.substr(colon + 1)) {
    if (c < '0' || c > '9') break;
    port = port * 10 + static_cast<unsigned long>(c - '0');
    if (port > 65535) return 0;
  }
  return static_cast<unsigned short>(port);
}

}  // namespace

std::unique_ptr<RxpressProcess> RxpressProcess::start(const LaunchOptions& options, std::string& error) {
  std::vector<std::string> argv_strings{RXPRESS_BINARY};
  argv_strings.insert(argv_strings.end(), options.args.begin(), options.args.end());
  std::vector<std::string> env_strings = child_environment(options.env);
  std::vector<char*> argv = c_strings(argv_strings);
  std::vector<char*> envp = c_strings(env_strings);
  std::string log_path = options.stderr_path.string();
  pid_t parent = getpid();

  pid_t pid = fork();
  if (pid < 0) {
    error = std::string("fork failed: ") + std::strerror(errno);
    return nullptr;
  }
  if (pid == 0) {
    // Only async-signal-safe calls between fork and exec. A test that dies
    // must not leave a server behind: the child is told when its parent goes.
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != parent) _exit(127);
    int log_fd = open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    int null_fd = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (log_fd < 0 || null_fd < 0) _exit(127);
    dup2(null_fd, STDIN_FILENO);
    dup2(null_fd, STDOUT_FILENO);
    dup2(log_fd, STDERR_FILENO);
    execve(argv[0], argv.data(), envp.data());
    _exit(127);
  }

  std::unique_ptr<RxpressProcess> process(new RxpressProcess(pid, options.stderr_path));
  auto deadline = std::chrono::steady_clock::now() + options.ready_timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) {
      process->running_ = false;
      process->exit_code_ = exit_code_of(status);
      error = "rxpress exited with code " + std::to_string(process->exit_code_) + " before it was ready; its log:\n" +
              tail(process->log());
      return nullptr;
    }
    if (process->port_ == 0) process->port_ = listening_port(process->log());
    if (process->port_ != 0) {
      HttpClient client(process->port_, std::chrono::seconds(2));
      if (client.get("/healthz").status == 200) return process;
    }
    std::this_thread::sleep_for(kPollInterval);
  }
  error = "rxpress was not ready within " + std::to_string(options.ready_timeout.count()) + " ms" +
          (process->port_ == 0 ? " (no 'http: listening on' line)" : " (GET /healthz did not answer 200)") +
          "; its log:\n" + tail(process->log());
  process->stop();
  return nullptr;
}

RxpressProcess::~RxpressProcess() {
  if (running_) stop();
}

int RxpressProcess::stop(std::chrono::milliseconds grace) {
  if (!running_) return exit_code_;
  kill(pid_, SIGTERM);
  auto deadline = std::chrono::steady_clock::now() + grace;
  int status = 0;
  pid_t done = 0;
  for (;;) {
    done = waitpid(pid_, &status, WNOHANG);
    if (done == pid_ || (done < 0 && errno != EINTR)) break;
    if (std::chrono::steady_clock::now() >= deadline) {
      kill(pid_, SIGKILL);
      do {
        done = waitpid(pid_, &status, 0);
      } while (done < 0 && errno == EINTR);
      break;
    }
    std::this_thread::sleep_for(kPollInterval);
  }
  running_ = false;
  exit_code_ = done == pid_ ? exit_code_of(status) : -1;
  return exit_code_;
}

std::string RxpressProcess::log() const {
  std::ifstream in(stderr_path_, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace rx::test
