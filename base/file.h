#ifndef BASE_FILE_H_
#define BASE_FILE_H_

// Whole small files (configuration, keys) read in one call.

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace base {

// The contents of the file at `path`. InvalidArgument "cannot read the
// <what> <path>" when it cannot be opened or read. Thread-safe.
absl::StatusOr<std::string> ReadFile(const std::string& path, absl::string_view what);

}  // namespace base

#endif  // BASE_FILE_H_
