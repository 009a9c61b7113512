#include "base/merkle.h"

#include <bit>
#include <string>

#include "absl/strings/str_cat.h"

namespace base::merkle {
namespace {

// The largest power of two strictly below n. REQUIRES: n > 1.
uint64_t SplitPoint(uint64_t n) { return std::bit_floor(n - 1); }

bool IsAligned(uint64_t begin, uint64_t n) { return std::has_single_bit(n) && begin % n == 0; }

// One buffer and the one-shot SHA256(): OpenSSL 3 deprecates the
// incremental SHA256_* calls, and nodes are small.
Hash PrefixedHash(uint8_t prefix, absl::string_view a, absl::string_view b) {
  std::string buf;
  buf.reserve(1 + a.size() + b.size());
  buf.push_back(static_cast<char>(prefix));
  buf.append(a.data(), a.size());
  buf.append(b.data(), b.size());
  return Sha256(buf);
}

// PATH(m, D[begin:end]) of RFC 9162 §2.1.3.1, appended to `out` leaf end first.
absl::Status Path(uint64_t m, uint64_t begin, uint64_t end, NodeReader read,
                  std::vector<Hash>* out) {
  const uint64_t n = end - begin;
  if (n == 1) return absl::OkStatus();
  const uint64_t k = SplitPoint(n);
  const bool left = m < k;
  absl::Status s =
      left ? Path(m, begin, begin + k, read, out) : Path(m - k, begin + k, end, read, out);
  if (!s.ok()) return s;
  absl::StatusOr<Hash> sibling =
      left ? SubtreeRoot(begin + k, end, read) : SubtreeRoot(begin, begin + k, read);
  if (!sibling.ok()) return sibling.status();
  out->push_back(*sibling);
  return absl::OkStatus();
}

// SUBPROOF(m, D[begin:end], b) of RFC 9162 §2.1.4.1.
absl::Status SubProof(uint64_t m, uint64_t begin, uint64_t end, bool whole, NodeReader read,
                      std::vector<Hash>* out) {
  const uint64_t n = end - begin;
  if (m == n) {
    if (whole) return absl::OkStatus();
    absl::StatusOr<Hash> h = SubtreeRoot(begin, end, read);
    if (!h.ok()) return h.status();
    out->push_back(*h);
    return absl::OkStatus();
  }
  const uint64_t k = SplitPoint(n);
  const bool left = m <= k;
  absl::Status s = left ? SubProof(m, begin, begin + k, whole, read, out)
                        : SubProof(m - k, begin + k, end, false, read, out);
  if (!s.ok()) return s;
  absl::StatusOr<Hash> sibling =
      left ? SubtreeRoot(begin + k, end, read) : SubtreeRoot(begin, begin + k, read);
  if (!sibling.ok()) return sibling.status();
  out->push_back(*sibling);
  return absl::OkStatus();
}

}  // namespace

Hash LeafHash(absl::string_view leaf_data) { return PrefixedHash(0x00, leaf_data, ""); }

Hash NodeHash(const Hash& left, const Hash& right) {
  return PrefixedHash(0x01, AsBytes(left), AsBytes(right));
}

Hash EmptyRoot() { return Sha256(""); }

void CompactRange::Append(const Hash& leaf_hash, NodeVisitor visit) {
  Hash h = leaf_hash;
  uint64_t index = size_;
  int level = 0;
  visit(level, index, h);
  // Each set low bit of the old size is a complete subtree the new leaf's
  // subtree now pairs with.
  while ((size_ >> level) & 1) {
    h = NodeHash(hashes_.back(), h);
    hashes_.pop_back();
    ++level;
    index >>= 1;
    visit(level, index, h);
  }
  hashes_.push_back(h);
  ++size_;
}

Hash CompactRange::Root() const {
  if (hashes_.empty()) return EmptyRoot();
  Hash h = hashes_.back();
  for (size_t i = hashes_.size() - 1; i-- > 0;) h = NodeHash(hashes_[i], h);
  return h;
}

std::string CompactRange::Encode() const {
  std::string out(8, '\0');
  for (int i = 0; i < 8; ++i) out[i] = static_cast<char>(size_ >> (56 - 8 * i));
  for (const Hash& h : hashes_) out.append(reinterpret_cast<const char*>(h.data()), h.size());
  return out;
}

absl::StatusOr<CompactRange> CompactRange::Decode(absl::string_view bytes) {
  CompactRange r;
  if (bytes.size() < 8) return absl::DataLossError("malformed Merkle tree edge: too short");
  for (int i = 0; i < 8; ++i) r.size_ = (r.size_ << 8) | static_cast<uint8_t>(bytes[i]);
  bytes.remove_prefix(8);
  if (bytes.size() != 32 * static_cast<size_t>(std::popcount(r.size_))) {
    return absl::DataLossError(absl::StrCat("malformed Merkle tree edge: ", bytes.size(),
                                            " bytes of hashes for a tree of ", r.size_, " leaves"));
  }
  for (; !bytes.empty(); bytes.remove_prefix(32)) {
    Hash h;
    std::copy_n(bytes.data(), 32, reinterpret_cast<char*>(h.data()));
    r.hashes_.push_back(h);
  }
  return r;
}

absl::StatusOr<Hash> SubtreeRoot(uint64_t begin, uint64_t end, NodeReader read) {
  const uint64_t n = end - begin;
  if (IsAligned(begin, n)) {
    const int level = std::countr_zero(n);
    return read(level, begin >> level);
  }
  const uint64_t k = SplitPoint(n);
  absl::StatusOr<Hash> left = SubtreeRoot(begin, begin + k, read);
  if (!left.ok()) return left;
  absl::StatusOr<Hash> right = SubtreeRoot(begin + k, end, read);
  if (!right.ok()) return right;
  return NodeHash(*left, *right);
}

absl::StatusOr<std::vector<Hash>> InclusionProof(uint64_t index, uint64_t size, NodeReader read) {
  if (index >= size) {
    return absl::InvalidArgumentError(
        absl::StrCat("leaf ", index, " is not in a tree of ", size, " leaves"));
  }
  std::vector<Hash> out;
  if (absl::Status s = Path(index, 0, size, read, &out); !s.ok()) return s;
  return out;
}

absl::StatusOr<std::vector<Hash>> ConsistencyProof(uint64_t size1, uint64_t size2,
                                                   NodeReader read) {
  if (size1 == 0 || size1 > size2) {
    return absl::InvalidArgumentError(absl::StrCat("no consistency proof from a tree of ", size1,
                                                   " leaves to one of ", size2,
                                                   " (the first must be 1 to the second)"));
  }
  std::vector<Hash> out;
  if (size1 == size2) return out;
  if (absl::Status s = SubProof(size1, 0, size2, true, read, &out); !s.ok()) return s;
  return out;
}

absl::Status VerifyInclusion(uint64_t index, uint64_t size, const Hash& leaf_hash,
                             absl::Span<const Hash> proof, const Hash& root) {
  if (index >= size) {
    return absl::InvalidArgumentError(
        absl::StrCat("leaf ", index, " cannot be in a tree of ", size, " leaves"));
  }
  uint64_t fn = index;
  uint64_t sn = size - 1;
  Hash r = leaf_hash;
  for (const Hash& p : proof) {
    if (sn == 0) return absl::InvalidArgumentError("the inclusion proof is too long");
    if ((fn & 1) || fn == sn) {
      r = NodeHash(p, r);
      while (!(fn & 1) && fn != 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      r = NodeHash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) return absl::InvalidArgumentError("the inclusion proof is too short");
  if (r != root) {
    return absl::InvalidArgumentError(
        absl::StrCat("the inclusion proof leads to root ", HashToHex(r), ", not the tree's root ",
                     HashToHex(root), ": the leaf or the proof is not of this tree"));
  }
  return absl::OkStatus();
}

absl::Status VerifyConsistency(uint64_t size1, uint64_t size2, const Hash& root1, const Hash& root2,
                               absl::Span<const Hash> proof) {
  if (size1 == 0 || size1 > size2) {
    return absl::InvalidArgumentError(
        absl::StrCat("a tree of ", size1, " leaves cannot be proven a prefix of one of ", size2));
  }
  if (size1 == size2) {
    if (!proof.empty()) return absl::InvalidArgumentError("the consistency proof is too long");
    if (root1 != root2) {
      return absl::InvalidArgumentError(absl::StrCat("two trees of ", size1,
                                                     " leaves with different roots: the log "
                                                     "was forked or rewritten"));
    }
    return absl::OkStatus();
  }
  std::vector<Hash> path;
  if (std::has_single_bit(size1)) path.push_back(root1);
  path.insert(path.end(), proof.begin(), proof.end());
  if (path.empty()) return absl::InvalidArgumentError("the consistency proof is empty");
  uint64_t fn = size1 - 1;
  uint64_t sn = size2 - 1;
  while (fn & 1) {
    fn >>= 1;
    sn >>= 1;
  }
  Hash fr = path[0];
  Hash sr = path[0];
  for (size_t i = 1; i < path.size(); ++i) {
    const Hash& c = path[i];
    if (sn == 0) return absl::InvalidArgumentError("the consistency proof is too long");
    if ((fn & 1) || fn == sn) {
      fr = NodeHash(c, fr);
      sr = NodeHash(c, sr);
      while (!(fn & 1) && fn != 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      sr = NodeHash(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) return absl::InvalidArgumentError("the consistency proof is too short");
  if (fr != root1) {
    return absl::InvalidArgumentError(
        absl::StrCat("the consistency proof does not lead to the older root ", HashToHex(root1),
                     ": the older tree is not a prefix of the newer one (a forked or "
                     "rewritten log)"));
  }
  if (sr != root2) {
    return absl::InvalidArgumentError(
        absl::StrCat("the consistency proof does not lead to the newer root ", HashToHex(root2),
                     ": the newer tree does not extend the older one (a forked or "
                     "rewritten log)"));
  }
  return absl::OkStatus();
}

}  // namespace base::merkle
