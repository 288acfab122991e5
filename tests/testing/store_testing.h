// Helpers of the storage tests: open a store in a folder, check it clean.
#pragma once

#include <memory>
#include <string>

#include "gtest/gtest.h"
#include "storage/event_store.h"

namespace eventgraph::testing {

// Opens (creating) the store at `path` with default options; nullptr and a
// test failure when it does not open.
inline std::unique_ptr<storage::EventStore> OpenStoreAt(const std::string& path) {
  storage::StoreOptions options;
  options.path = path;
  auto store = storage::EventStore::Open(options);
  EXPECT_TRUE(store.ok()) << store.status();
  return store.ok() ? std::move(*store) : nullptr;
}

// Fails the test unless EventStore::Check finds no problem.
inline void ExpectChecksClean(const storage::EventStore& store) {
  auto report = store.Check();
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_TRUE(report->ok()) << report->problems << " problems, first: "
                            << (report->samples.empty() ? ""
                                                        : report->samples[0]);
}

}  // namespace eventgraph::testing
