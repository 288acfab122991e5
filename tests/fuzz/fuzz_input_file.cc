#include "tests/fuzz/fuzz_input_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>

namespace eventgraph::fuzz {
namespace {

std::string* folder = nullptr;

void RemoveFolder() {
  std::error_code ignored;
  std::filesystem::remove_all(*folder, ignored);
}

const std::string& Folder() {
  if (folder == nullptr) {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp != nullptr && *tmp ? tmp : "/tmp") +
                          "/eventgraph-fuzz-XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) {
      std::perror("mkdtemp");
      std::abort();
    }
    folder = new std::string(pattern);
    std::atexit(RemoveFolder);
  }
  return *folder;
}

}  // namespace

std::string WriteInputFile(const std::string& name, const uint8_t* data,
                           size_t size) {
  std::string path = Folder() + "/" + name;
  const int fd =
      open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    std::perror("open");
    std::abort();
  }
  size_t written = 0;
  while (written < size) {
    const ssize_t n = write(fd, data + written, size - written);
    if (n <= 0) {
      std::perror("write");
      std::abort();
    }
    written += static_cast<size_t>(n);
  }
  close(fd);
  return path;
}

}  // namespace eventgraph::fuzz
