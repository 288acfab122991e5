#include "tests/bench/bench_server.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace eventgraph::bench {
namespace fs = std::filesystem;

namespace {

// Reads a port number written whole (ends with a newline or is complete).
int ReadPort(const std::string& path) {
  std::ifstream in(path);
  int port = 0;
  if (in >> port) return port;
  return 0;
}

}  // namespace

absl::StatusOr<std::unique_ptr<BenchServer>> BenchServer::StartLocal(
    const Options& options) {
  std::string pattern = (fs::temp_directory_path() / "eventgraph-bench-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    return absl::InternalError(absl::StrCat("mkdtemp: ", strerror(errno)));
  }
  std::unique_ptr<BenchServer> server(new BenchServer());
  server->folder_ = pattern;
  server->keep_db_ = options.keep_db;
  const std::string port_file = pattern + "/port";
  std::vector<std::string> args = {options.binary,   "--db",
                                   pattern + "/db",  "--listen",
                                   "127.0.0.1:0",    "--port-file",
                                   port_file,        "--log-level",
                                   "warn"};
  args.insert(args.end(), options.args.begin(), options.args.end());
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  const std::string log = pattern + "/server.log";

  pid_t pid = fork();
  if (pid < 0) return absl::InternalError(absl::StrCat("fork: ", strerror(errno)));
  if (pid == 0) {
    if (freopen(log.c_str(), "w", stdout) == nullptr ||
        freopen(log.c_str(), "a", stderr) == nullptr) {
      _exit(127);
    }
    execv(argv[0], argv.data());
    _exit(127);
  }
  server->pid_ = pid;
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < give_up) {
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) {
      server->pid_ = -1;
      std::ifstream in(log);
      std::stringstream text;
      text << in.rdbuf();
      return absl::InternalError(absl::StrCat(
          options.binary, " exited before serving (status ", status, "): ",
          text.str()));
    }
    if (int port = ReadPort(port_file); port > 0) {
      server->address_ = absl::StrCat("127.0.0.1:", port);
      return server;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return absl::InternalError(absl::StrCat(options.binary,
                                          " wrote no port file in 60 s; log: ", log));
}

std::unique_ptr<BenchServer> BenchServer::Remote(const std::string& address) {
  std::unique_ptr<BenchServer> server(new BenchServer());
  server->address_ = address;
  return server;
}

BenchServer::~BenchServer() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    int status = 0;
    while (waitpid(pid_, &status, WNOHANG) != pid_) {
      if (std::chrono::steady_clock::now() > give_up) {
        kill(pid_, SIGKILL);
        waitpid(pid_, &status, 0);
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  if (!folder_.empty() && !keep_db_) {
    std::error_code ignored;
    fs::remove_all(folder_, ignored);
  }
}

double BenchServer::rss_mb() const {
  if (pid_ <= 0) return -1;
  std::ifstream in(absl::StrCat("/proc/", pid_, "/status"));
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0) {
      return std::strtod(line.c_str() + 6, nullptr) / 1024.0;  // kB -> MiB
    }
  }
  return -1;
}

int64_t BenchServer::db_bytes_on_disk() const {
  if (folder_.empty()) return -1;
  int64_t total = 0;
  std::error_code error;
  for (auto it = fs::recursive_directory_iterator(folder_ + "/db", error);
       !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
    std::error_code size_error;
    if (it->is_regular_file(size_error)) {
      const auto size = it->file_size(size_error);
      if (!size_error) total += static_cast<int64_t>(size);
    }
  }
  return total;
}

std::string DefaultServerBinary() {
  std::error_code error;
  fs::path self = fs::read_symlink("/proc/self/exe", error);
  if (error) return "eventgraphd";
  return (self.parent_path() / ".." / ".." / "server" / "eventgraphd")
      .lexically_normal()
      .string();
}

}  // namespace eventgraph::bench
