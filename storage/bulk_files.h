// Private to storage/: the commit of a bulk write. The sorted entries of
// every column family become one SST file each (rocksdb::SstFileWriter),
// and all of them enter the database in one atomic IngestExternalFiles
// call: no memtable inserts, no WAL, no flush; the files are durable (and
// visible, all at once) when the call returns.
//
// Thread safety: a BulkFiles is used by one thread at a time; separate
// BulkFiles may run concurrently (file names never collide).
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "rocksdb/db.h"
#include "storage/derived.h"

namespace eventgraph::storage {

class BulkFiles {
 public:
  // Files are written under `folder` (created when missing), which must be
  // on the database's file system so that ingestion moves, not copies.
  BulkFiles(rocksdb::DB* db, std::string folder);
  // Removes the files it wrote (ingested ones live on as the database's
  // hard links).
  ~BulkFiles();

  BulkFiles(const BulkFiles&) = delete;
  BulkFiles& operator=(const BulkFiles&) = delete;

  // How a family's file is compressed.
  enum class Compression {
    // LZ4, the upper levels' codec: for families whose keys follow the
    // load's order (event ids, days), whose files go straight to a deep
    // level and stay there.
    kKept,
    // None: for families whose files overlap every earlier one (indexes by
    // actor, counters); they land in level 0 and the next compaction reads
    // them and writes them compressed (LZ4 took 7% of a bulk load's CPU).
    kCompactedLater,
  };

  // Writes `entries` (sorted here; keys unique) into one SST file of `cf`,
  // as puts or, with `merge`, as merge operands. Nothing is written for no
  // entries. Errors: Internal/IO errors from RocksDB.
  absl::Status Add(rocksdb::ColumnFamilyHandle* cf, SortedEntries& entries,
                   bool merge, Compression compression);

  // Ingests every file added, atomically across column families. The files
  // are moved into the database. Errors: those of IngestExternalFiles
  // (nothing is ingested then). REQUIRES: called once, after the Adds.
  absl::Status Ingest();

  // Removes the leftovers of bulk writes cut short by a crash. Called at
  // open, before any bulk write.
  static void RemoveLeftovers(const std::string& folder);

 private:
  rocksdb::DB* const db_;
  const std::string folder_;
  std::vector<rocksdb::IngestExternalFileArg> args_;
  std::vector<std::string> files_;  // written under folder_
};

}  // namespace eventgraph::storage
