#ifndef SERVICES_AUDIT_TREE_HEADS_H_
#define SERVICES_AUDIT_TREE_HEADS_H_

// Signed tree heads and the proofs that go with them (RFC 9162 terms, over
// the event store's Merkle tree), and their verification — which needs only
// the messages and a public key, so budget-verify does it offline.

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "base/ed25519.h"
#include "base/sha256.h"
#include "budget/v1/audit_service.pb.h"
#include "eventstore/event_store.h"

namespace budget {

// The bytes a head's signature covers: RFC 9162 §4.9's TreeHeadDataV2,
//   u64 timestamp (ms) | u64 tree_size | u8 32 | root[32] | u16 0.
std::string TreeHeadSignedData(uint64_t tree_size, const base::Hash& root, absl::Time timestamp);

// A head of `tree_size` events with `root` at `now` (kept to milliseconds),
// signed with `key`; unsigned (no signature, no key id) without one.
v1::SignedTreeHead MakeTreeHead(const base::SigningKey* key, uint64_t tree_size,
                                const base::Hash& root, absl::Time now);

// OK when `head` is well formed and signed by `public_key` (raw 32 bytes);
// otherwise InvalidArgument saying what is wrong: another key signed it, the
// signature does not match its contents (an altered or forged head), ...
absl::Status VerifyTreeHead(const v1::SignedTreeHead& head, absl::string_view public_key);

// OK when `proof`'s head verifies with `public_key` and its audit path puts
// the event hash at its position in that head's tree. When `event_hash` is
// given, the proof must be for that event.
absl::Status VerifyInclusionProof(const v1::InclusionProof& proof, absl::string_view public_key,
                                  std::optional<base::Hash> event_hash = std::nullopt);

// OK when `older` (a head the auditor saved) and `proof`'s newer head verify
// with `public_key`, `proof` starts at `older` (same size and root), and it
// shows the older tree is a prefix of the newer one.
absl::Status VerifyConsistencyProof(const v1::SignedTreeHead& older,
                                    const v1::ConsistencyProof& proof,
                                    absl::string_view public_key);

// The server's side: heads and proofs of `store`'s tree. Thread-safe.
class TreeHeads {
 public:
  // Neither is owned; `key` may be null (heads are then unsigned).
  TreeHeads(const eventstore::EventStore* store, const base::SigningKey* key, base::Clock* clock)
      : store_(store), key_(key), clock_(clock) {}

  bool signing() const { return key_ != nullptr; }
  // The newest head. FailedPrecondition without a signing key.
  absl::StatusOr<v1::SignedTreeHead> Newest() const;
  // The head of the tree of `tree_size` events (0: the newest).
  absl::StatusOr<v1::SignedTreeHead> At(uint64_t tree_size) const;
  absl::StatusOr<v1::InclusionProof> Inclusion(const v1::GetInclusionProofRequest& req) const;
  absl::StatusOr<v1::ConsistencyProof> Consistency(const v1::GetConsistencyProofRequest& req) const;

 private:
  const eventstore::EventStore* const store_;
  const base::SigningKey* const key_;
  base::Clock* const clock_;
};

}  // namespace budget

#endif  // SERVICES_AUDIT_TREE_HEADS_H_
