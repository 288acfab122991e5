#include "storage/heap.h"

#include <cstddef>

#ifdef __GLIBC__
#include <malloc.h>
#endif

// jemalloc's control interface. Declared weak: it resolves to null in a
// process that runs the C library's malloc.
extern "C" int mallctl(const char* name, void* old_value, size_t* old_size,
                       void* new_value, size_t new_size)
    __attribute__((weak));

#if defined(__SANITIZE_ADDRESS__)
#define EVENTGRAPH_HEAP_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define EVENTGRAPH_HEAP_ASAN 1
#endif
#endif

#ifdef EVENTGRAPH_HEAP_ASAN
// AddressSanitizer's runtime (no header declares it in GCC 12).
extern "C" void __sanitizer_purge_allocator() __attribute__((weak));
#endif

namespace eventgraph::storage {

std::string HeapAllocatorName() {
#ifdef EVENTGRAPH_HEAP_ASAN
  return "AddressSanitizer";
#else
  if (mallctl != nullptr) {  // jemalloc runs
    const char* version = nullptr;
    size_t size = sizeof(version);
    std::string name = "jemalloc";
    if (mallctl("version", &version, &size, nullptr, 0) == 0 &&
        version != nullptr) {
      name = name + " " + version;
    }
    // The option the server sets (server/main.cc), to show it took.
    size_t oversize = 0;
    size = sizeof(oversize);
    if (mallctl("opt.oversize_threshold", &oversize, &size, nullptr, 0) == 0) {
      name += " (oversize_threshold " + std::to_string(oversize) + ")";
    }
    return name;
  }
#ifdef __GLIBC__
  return "glibc malloc";
#else
  return "system malloc";
#endif
#endif  // EVENTGRAPH_HEAP_ASAN
}

void ReleaseFreeHeapMemory() {
#ifdef EVENTGRAPH_HEAP_ASAN
  if (__sanitizer_purge_allocator != nullptr) __sanitizer_purge_allocator();
#else
  if (mallctl != nullptr) {  // jemalloc runs
    // "arena.4096" is MALLCTL_ARENAS_ALL: every arena at once. Failures
    // leave the pages to jemalloc's own decay, which returns them later.
    mallctl("thread.tcache.flush", nullptr, nullptr, nullptr, 0);
    mallctl("arena.4096.purge", nullptr, nullptr, nullptr, 0);
    return;
  }
#ifdef __GLIBC__
  malloc_trim(0);
#endif
#endif  // EVENTGRAPH_HEAP_ASAN
}

}  // namespace eventgraph::storage
