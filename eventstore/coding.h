#ifndef EVENTSTORE_CODING_H_
#define EVENTSTORE_CODING_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"

namespace eventstore {

// Big-endian fixed-width integers: byte order equals numeric order, so
// RocksDB's bytewise comparator sorts keys by position and version.
void PutFixed64BE(std::string* dst, uint64_t v);
void PutFixed32BE(std::string* dst, uint32_t v);

// Reads from the front of `*in` and advances it; false when too short.
bool GetFixed64BE(absl::string_view* in, uint64_t* v);
bool GetFixed32BE(absl::string_view* in, uint32_t* v);

// A 32-bit length followed by the bytes.
void PutLengthPrefixed(std::string* dst, absl::string_view s);
bool GetLengthPrefixed(absl::string_view* in, absl::string_view* s);

}  // namespace eventstore

#endif  // EVENTSTORE_CODING_H_
