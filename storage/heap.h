// The process's heap allocator: which one runs, and giving its free pages
// back to the system.
//
// The allocator is chosen when an executable is linked (CMake's
// EVENTGRAPH_ALLOCATOR: jemalloc, or the C library's malloc). These
// functions ask at run time, so a library calling them works with both.
//
// Thread safety: all functions are thread-safe.
#pragma once

#include <string>

namespace eventgraph::storage {

// "jemalloc <version> (oversize_threshold <bytes>)" when jemalloc replaces
// malloc in this process,
// "AddressSanitizer" in a sanitizer build, "glibc malloc" otherwise.
std::string HeapAllocatorName();

// Returns the pages of freed memory to the system: jemalloc purges every
// arena (after flushing this thread's cache); glibc's malloc trims its
// heaps (malloc_trim); AddressSanitizer purges its allocator. Costs a few milliseconds per GiB freed; call it
// after a phase that freed a lot (a bulk load, a graph eviction), not per
// request.
void ReleaseFreeHeapMemory();

}  // namespace eventgraph::storage
