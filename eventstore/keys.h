#ifndef EVENTSTORE_KEYS_H_
#define EVENTSTORE_KEYS_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"

namespace eventstore {

// events family key: the position, 8 bytes big-endian.
std::string PositionKey(uint64_t position);
bool DecodePositionKey(absl::string_view key, uint64_t* position);

// streams and snapshots family key: name, 0x00, 8 bytes big-endian. Names
// never contain 0x00, so one name's keys are contiguous and sorted.
std::string StreamKey(absl::string_view name, uint64_t number);
// True when `key` is StreamKey(name, n) for the given name; sets *number = n.
bool DecodeStreamKey(absl::string_view key, absl::string_view name, uint64_t* number);

// merkle family key: level (one byte), index u64 big-endian.
std::string TreeNodeKey(int level, uint64_t index);

}  // namespace eventstore

#endif  // EVENTSTORE_KEYS_H_
