// A scratch directory for tests that need files, removed with its contents
// when the object goes away.
#pragma once

#include <zlib.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>

namespace eventgraph::client::testing {

class TempDir {
 public:
  TempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "eventgraph_client_XXXXXX")
            .string();
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  // The full path of `name` inside the directory.
  std::string Path(std::string_view name) const {
    return (std::filesystem::path(path_) / name).string();
  }

  // Writes `contents` to `name` as is; returns its path.
  std::string Write(std::string_view name, std::string_view contents) const {
    const std::string path = Path(name);
    std::ofstream out(path, std::ios::binary);
    out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
    return path;
  }

  // The whole contents of the file at `path` ("" if it cannot be read).
  static std::string Read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

  // Writes `contents` gzip-compressed to `name`; returns its path.
  std::string WriteGzip(std::string_view name,
                        std::string_view contents) const {
    const std::string path = Path(name);
    gzFile file = gzopen(path.c_str(), "wb");
    if (file != nullptr) {
      gzwrite(file, contents.data(), static_cast<unsigned>(contents.size()));
      gzclose(file);
    }
    return path;
  }

 private:
  std::string path_;
};

}  // namespace eventgraph::client::testing
