#include "eventstore/keys.h"

#include "eventstore/coding.h"

namespace eventstore {

std::string PositionKey(uint64_t position) {
  std::string key;
  PutFixed64BE(&key, position);
  return key;
}

bool DecodePositionKey(absl::string_view key, uint64_t* position) {
  return key.size() == 8 && GetFixed64BE(&key, position);
}

std::string StreamKey(absl::string_view name, uint64_t number) {
  std::string key(name);
  key.push_back('\0');
  PutFixed64BE(&key, number);
  return key;
}

bool DecodeStreamKey(absl::string_view key, absl::string_view name, uint64_t* number) {
  if (key.size() != name.size() + 9 || key.substr(0, name.size()) != name ||
      key[name.size()] != '\0') {
    return false;
  }
  key.remove_prefix(name.size() + 1);
  return GetFixed64BE(&key, number);
}

std::string TreeNodeKey(int level, uint64_t index) {
  std::string key(1, static_cast<char>(level));
  PutFixed64BE(&key, index);
  return key;
}

}  // namespace eventstore
