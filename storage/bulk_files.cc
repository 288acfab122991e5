#include "storage/bulk_files.h"

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "rocksdb/sst_file_writer.h"
#include "storage/status_macros.h"
#include "storage/store_impl.h"

namespace eventgraph::storage {
namespace {

// Distinguishes the files of concurrent and successive commits.
std::atomic<uint64_t> next_file_number{1};

}  // namespace

BulkFiles::BulkFiles(rocksdb::DB* db, std::string folder)
    : db_(db), folder_(std::move(folder)) {}

BulkFiles::~BulkFiles() {
  std::error_code ignored;
  for (const std::string& f : files_) std::filesystem::remove(f, ignored);
}

absl::Status BulkFiles::Add(rocksdb::ColumnFamilyHandle* cf,
                            SortedEntries& entries, bool merge,
                            Compression compression) {
  if (entries.size() == 0) return absl::OkStatus();
  entries.Sort();
  std::error_code ec;
  std::filesystem::create_directories(folder_, ec);
  if (ec) {
    return absl::InternalError(
        absl::StrCat("bulk write: cannot create ", folder_, ": ", ec.message()));
  }
  std::string path =
      absl::StrCat(folder_, "/", getpid(), "-", next_file_number++, "-",
                   cf->GetName(), ".sst");
  // The family's own options: comparator, merge operator and table format,
  // so the file reads as if RocksDB had written it. SstFileWriter would
  // compress with the bottommost level's ZSTD; a bulk load writes the
  // upper levels' LZ4, ~4x cheaper in CPU (ZSTD took 10% of a bulk load's
  // CPU), and compactions into the last level recompress with ZSTD.
  rocksdb::Options options = db_->GetOptions(cf);
  options.bottommost_compression = rocksdb::kDisableCompressionOption;
  if (compression == Compression::kCompactedLater) {
    options.compression = rocksdb::kNoCompression;
  }
  rocksdb::SstFileWriter writer(rocksdb::EnvOptions(), options, cf);
  RETURN_IF_ERROR(FromRocks(writer.Open(path), "bulk write: open SST"));
  files_.push_back(path);
  // Sorting left the entries' bytes in the order they were added: each
  // key and value is a cache miss, which the writer's key-order check and
  // block copy would wait for. They are fetched a few entries ahead.
  constexpr size_t kPrefetchAhead = 8;
  for (size_t i = 0; i < entries.size(); ++i) {
    if (i + kPrefetchAhead < entries.size()) {
      const std::string_view ahead = entries.key(i + kPrefetchAhead);
      __builtin_prefetch(ahead.data());
      __builtin_prefetch(ahead.data() + ahead.size() + 63);
    }
    rocksdb::Status s = merge ? writer.Merge(entries.key(i), entries.value(i))
                              : writer.Put(entries.key(i), entries.value(i));
    RETURN_IF_ERROR(FromRocks(s, "bulk write: add to SST"));
  }
  RETURN_IF_ERROR(FromRocks(writer.Finish(), "bulk write: finish SST"));
  rocksdb::IngestExternalFileArg arg;
  arg.column_family = cf;
  arg.external_files.push_back(path);
  arg.options.move_files = true;
  // The sequence number goes in the MANIFEST only: no rewrite of the file.
  arg.options.write_global_seqno = false;
  args_.push_back(std::move(arg));
  return absl::OkStatus();
}

absl::Status BulkFiles::Ingest() {
  if (args_.empty()) return absl::OkStatus();
  RETURN_IF_ERROR(
      FromRocks(db_->IngestExternalFiles(args_), "bulk write: ingest SSTs"));
  // The files now belong to the database (hard links); the destructor
  // removes the names under folder_ if RocksDB left them.
  return absl::OkStatus();
}

void BulkFiles::RemoveLeftovers(const std::string& folder) {
  std::error_code ignored;
  std::filesystem::remove_all(folder, ignored);
}

}  // namespace eventgraph::storage
