#ifndef BASE_MERKLE_H_
#define BASE_MERKLE_H_

// A Merkle tree over an append-only list of leaves, as RFC 9162 (Certificate
// Transparency 2.0) defines it:
//   leaf hash  = SHA-256(0x00 || leaf data)
//   node hash  = SHA-256(0x01 || left || right)
//   MTH({})    = SHA-256("")
// and a tree of n leaves splits at the largest power of two below n. Leaves
// are numbered from 0. A subtree of 2^level leaves starting at leaf
// index << level is node (level, index); once complete it never changes.
//
// Nothing here knows what the leaves are; the event store feeds it the
// envelope hashes, and offline verifiers need only this file.

#include <cstdint>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "base/sha256.h"

namespace base::merkle {

Hash LeafHash(absl::string_view leaf_data);
Hash NodeHash(const Hash& left, const Hash& right);
// The root of a tree without leaves.
Hash EmptyRoot();

// The right edge of a tree: the roots of its complete subtrees, largest
// (leftmost) first, one per set bit of the size. Enough to append a leaf and
// to compute the root without any other node, so it is what a log persists
// to resume the tree without rebuilding it.
class CompactRange {
 public:
  // Called for every node an append completes, the leaf (level 0) first.
  using NodeVisitor = absl::FunctionRef<void(int level, uint64_t index, const Hash& hash)>;

  uint64_t size() const { return size_; }
  // Appends the leaf whose hash (LeafHash of its data) is `leaf_hash`.
  void Append(const Hash& leaf_hash, NodeVisitor visit);
  // MTH of the leaves appended so far.
  Hash Root() const;

  // u64 size (big-endian) followed by the subtree roots.
  std::string Encode() const;
  // DataLoss when `bytes` is not an encoding of a compact range.
  static absl::StatusOr<CompactRange> Decode(absl::string_view bytes);

 private:
  uint64_t size_ = 0;
  std::vector<Hash> hashes_;
};

// Reads node (level, index), which callers only ask for when it is complete.
using NodeReader = absl::FunctionRef<absl::StatusOr<Hash>(int level, uint64_t index)>;

// MTH of leaves [begin, end). REQUIRES: begin < end.
absl::StatusOr<Hash> SubtreeRoot(uint64_t begin, uint64_t end, NodeReader read);

// RFC 9162 §2.1.3.1: the audit path of leaf `index` in the tree of the first
// `size` leaves, leaf end first. InvalidArgument unless index < size.
absl::StatusOr<std::vector<Hash>> InclusionProof(uint64_t index, uint64_t size, NodeReader read);

// RFC 9162 §2.1.4.1: the proof that the tree of `size1` leaves is a prefix of
// the tree of `size2`. InvalidArgument unless 0 < size1 <= size2 (equal
// sizes have an empty proof).
absl::StatusOr<std::vector<Hash>> ConsistencyProof(uint64_t size1, uint64_t size2, NodeReader read);

// RFC 9162 §2.1.3.2. OK when `proof` shows that the leaf with hash
// `leaf_hash` is leaf `index` of the tree of `size` leaves whose root is
// `root`; otherwise InvalidArgument saying what does not fit.
absl::Status VerifyInclusion(uint64_t index, uint64_t size, const Hash& leaf_hash,
                             absl::Span<const Hash> proof, const Hash& root);

// RFC 9162 §2.1.4.2. OK when `proof` shows that the tree of `size1` leaves
// with root `root1` is a prefix of the tree of `size2` leaves with root
// `root2`; otherwise InvalidArgument saying what does not fit.
absl::Status VerifyConsistency(uint64_t size1, uint64_t size2, const Hash& root1, const Hash& root2,
                               absl::Span<const Hash> proof);

}  // namespace base::merkle

#endif  // BASE_MERKLE_H_
