#ifndef BASE_THREAD_NAME_H_
#define BASE_THREAD_NAME_H_

// Names the calling thread as `top -H`, `perf` and /proc/<pid>/task show it,
// so each of budgetd's threads can be told apart when its CPU is measured
// (docs/performance.md). Linux keeps the first 15 bytes.

#include <pthread.h>

#include <string>

#include "absl/strings/string_view.h"

namespace base {

inline void NameThisThread(absl::string_view name) {
  pthread_setname_np(pthread_self(), std::string(name.substr(0, 15)).c_str());
}

}  // namespace base

#endif  // BASE_THREAD_NAME_H_
