#ifndef SERVICES_COMMON_LOG_H_
#define SERVICES_COMMON_LOG_H_

// Structured logs: one logfmt line per event worth logging, on stderr.
//   ts=2026-11-23T15:00:00.123456Z level=info event=startup replayed=1200 ms=41
// Never pass a secret (a token) as a value.

#include <initializer_list>
#include <string>

#include "absl/strings/string_view.h"

namespace budget::log {

enum class Level { kDebug = 0, kInfo = 1, kWarning = 2, kError = 3 };

struct Field {
  absl::string_view key;
  std::string value;
};

// Lines below `level` are dropped. Thread-safe.
void SetLevel(Level level);
// "debug", "info", "warning", "error"; false for anything else.
bool ParseLevel(absl::string_view name, Level* out);

// Writes one line. Thread-safe; lines never interleave.
void Write(Level level, absl::string_view event, std::initializer_list<Field> fields = {});

inline void Info(absl::string_view event, std::initializer_list<Field> fields = {}) {
  Write(Level::kInfo, event, fields);
}
inline void Warning(absl::string_view event, std::initializer_list<Field> fields = {}) {
  Write(Level::kWarning, event, fields);
}
inline void Error(absl::string_view event, std::initializer_list<Field> fields = {}) {
  Write(Level::kError, event, fields);
}

}  // namespace budget::log

#endif  // SERVICES_COMMON_LOG_H_
