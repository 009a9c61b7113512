#ifndef SERVICES_AUDIT_CHAIN_FOLLOWER_H_
#define SERVICES_AUDIT_CHAIN_FOLLOWER_H_

#include <cstdint>

#include "absl/status/status.h"
#include "base/sha256.h"
#include "eventstore/envelope.h"

namespace budget {

// Checks the hash chain one event at a time, as a reader that holds no store
// receives it (an exported log, a live subscription): each event must be the
// next position, name the hash of the one before it as its previous hash, and
// hash (SealEnvelope) to its own stored hash.
//
// Example:
//   ChainFollower chain;
//   for (const Envelope& e : events)
//     if (absl::Status s = chain.Accept(e); !s.ok()) Report(e.position, s.message());
//
// Thread safety: not thread-safe; one reader owns it.
class ChainFollower {
 public:
  // Before the first event: expects position 1, linking to the zero hash.
  ChainFollower() = default;
  // After the event at `position` whose hash is `hash` (resuming a reader).
  ChainFollower(uint64_t position, const base::Hash& hash) : position_(position), hash_(hash) {}

  // Accepts `e` as the next event. DataLoss, whose message says what is
  // wrong with the event at e.position, when it is not the next position
  // (removed, reordered or inserted), its link does not match, or its content
  // does not match its hash (changed); the follower is then unchanged.
  absl::Status Accept(const eventstore::Envelope& e);

  // The last event accepted (0 and the zero hash before the first).
  uint64_t position() const { return position_; }
  const base::Hash& hash() const { return hash_; }

 private:
  uint64_t position_ = 0;
  base::Hash hash_{};
};

}  // namespace budget

#endif  // SERVICES_AUDIT_CHAIN_FOLLOWER_H_
