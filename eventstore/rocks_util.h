#ifndef EVENTSTORE_ROCKS_UTIL_H_
#define EVENTSTORE_ROCKS_UTIL_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "rocksdb/slice.h"
#include "rocksdb/status.h"

namespace eventstore {

// The one place a rocksdb::Status becomes an absl::Status. `context` says what
// the store was doing ("reading event 17").
absl::Status FromRocks(const rocksdb::Status& s, absl::string_view context);

// Debian's Abseil has its own string_view, which RocksDB does not know.
inline rocksdb::Slice ToSlice(absl::string_view s) { return rocksdb::Slice(s.data(), s.size()); }
inline absl::string_view ToView(const rocksdb::Slice& s) {
  return absl::string_view(s.data(), s.size());
}

}  // namespace eventstore

#endif  // EVENTSTORE_ROCKS_UTIL_H_
