#include "services/audit/tree_heads.h"

#include <algorithm>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "eventstore/coding.h"
#include "services/domain/errors.h"
#include "services/domain/time_util.h"

namespace budget {
namespace {

absl::StatusOr<base::Hash> ParseHash(absl::string_view what, absl::string_view hex) {
  base::Hash h;
  if (!base::HashFromHex(hex, &h)) {
    return absl::InvalidArgumentError(absl::StrCat(what, " is not 64 hex digits"));
  }
  return h;
}

absl::StatusOr<std::vector<base::Hash>> ParseHashes(
    absl::string_view what, const google::protobuf::RepeatedPtrField<std::string>& hexes) {
  std::vector<base::Hash> out;
  for (const std::string& hex : hexes) {
    absl::StatusOr<base::Hash> h = ParseHash(what, hex);
    if (!h.ok()) return h.status();
    out.push_back(*h);
  }
  return out;
}

void AddHex(const std::vector<base::Hash>& hashes,
            google::protobuf::RepeatedPtrField<std::string>* out) {
  for (const base::Hash& h : hashes) *out->Add() = base::HashToHex(h);
}

// The store's InvalidArgument about a size or position, naming the field.
absl::Status Field(absl::string_view field, const absl::Status& s) {
  return absl::IsInvalidArgument(s) ? InvalidField(field, s.message()) : s;
}

}  // namespace

std::string TreeHeadSignedData(uint64_t tree_size, const base::Hash& root, absl::Time timestamp) {
  std::string out;
  eventstore::PutFixed64BE(&out, static_cast<uint64_t>(absl::ToUnixMillis(timestamp)));
  eventstore::PutFixed64BE(&out, tree_size);
  out.push_back(static_cast<char>(root.size()));
  out.append(reinterpret_cast<const char*>(root.data()), root.size());
  out.append(2, '\0');
  return out;
}

v1::SignedTreeHead MakeTreeHead(const base::SigningKey* key, uint64_t tree_size,
                                const base::Hash& root, absl::Time now) {
  const absl::Time at = absl::FromUnixMillis(absl::ToUnixMillis(now));
  v1::SignedTreeHead head;
  head.set_tree_size(tree_size);
  head.set_root_hash(base::HashToHex(root));
  *head.mutable_timestamp() = ToProto(at);
  if (key != nullptr) {
    head.set_signature(absl::BytesToHexString(key->Sign(TreeHeadSignedData(tree_size, root, at))));
    head.set_key_id(base::KeyId(key->public_key()));
  }
  return head;
}

absl::Status VerifyTreeHead(const v1::SignedTreeHead& head, absl::string_view public_key) {
  absl::StatusOr<base::Hash> root = ParseHash("the head's root_hash", head.root_hash());
  if (!root.ok()) return root.status();
  if (head.signature().empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("the head of ", head.tree_size(), " events is not signed"));
  }
  const std::string expected_id = base::KeyId(public_key);
  if (head.key_id() != expected_id) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the head of ", head.tree_size(), " events was signed by key ", head.key_id(),
        ", not by the given public key (", expected_id, "): a wrong key or another log's head"));
  }
  const std::string& hex = head.signature();
  if (hex.size() % 2 != 0 || !std::all_of(hex.begin(), hex.end(), [](char c) {
        return absl::ascii_isxdigit(static_cast<unsigned char>(c));
      })) {
    return absl::InvalidArgumentError("the head's signature is not hex");
  }
  const std::string signature = absl::HexStringToBytes(hex);
  const std::string data = TreeHeadSignedData(head.tree_size(), *root, FromProto(head.timestamp()));
  if (!base::VerifySignature(public_key, data, signature)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the signature of the head of ", head.tree_size(),
        " events does not match its size, root and time: the head was altered or forged"));
  }
  return absl::OkStatus();
}

absl::Status VerifyInclusionProof(const v1::InclusionProof& proof, absl::string_view public_key,
                                  std::optional<base::Hash> event_hash) {
  if (absl::Status s = VerifyTreeHead(proof.head(), public_key); !s.ok()) return s;
  if (proof.head().tree_size() != proof.tree_size()) {
    return absl::InvalidArgumentError(absl::StrCat("the proof is for a tree of ", proof.tree_size(),
                                                   " events but its head is of ",
                                                   proof.head().tree_size()));
  }
  absl::StatusOr<base::Hash> leaf = ParseHash("the event_hash", proof.event_hash());
  if (!leaf.ok()) return leaf.status();
  if (event_hash.has_value() && *event_hash != *leaf) {
    return absl::InvalidArgumentError(absl::StrCat("the proof is for an event with hash ",
                                                   proof.event_hash(), ", not ",
                                                   base::HashToHex(*event_hash)));
  }
  absl::StatusOr<std::vector<base::Hash>> path =
      ParseHashes("an audit_path hash", proof.audit_path());
  if (!path.ok()) return path.status();
  if (proof.position() == 0) return absl::InvalidArgumentError("the proof has no position");
  const base::Hash root = *ParseHash("root", proof.head().root_hash());
  absl::Status s = base::merkle::VerifyInclusion(proof.position() - 1, proof.tree_size(),
                                                 eventstore::TreeLeaf(*leaf), *path, root);
  if (!s.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "event ", proof.position(), " with hash ", proof.event_hash(), " is not proven in the ",
        "signed head of ", proof.tree_size(), " events: ", s.message()));
  }
  return absl::OkStatus();
}

absl::Status VerifyConsistencyProof(const v1::SignedTreeHead& older,
                                    const v1::ConsistencyProof& proof,
                                    absl::string_view public_key) {
  if (absl::Status s = VerifyTreeHead(older, public_key); !s.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("the saved head: ", s.message()));
  }
  if (absl::Status s = VerifyTreeHead(proof.second_head(), public_key); !s.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("the newer head: ", s.message()));
  }
  if (proof.first_size() != older.tree_size() ||
      proof.second_size() != proof.second_head().tree_size()) {
    return absl::InvalidArgumentError(
        absl::StrCat("the proof is from ", proof.first_size(), " to ", proof.second_size(),
                     " events, but the heads are of ", older.tree_size(), " and ",
                     proof.second_head().tree_size()));
  }
  absl::StatusOr<std::vector<base::Hash>> path = ParseHashes("a proof hash", proof.proof());
  if (!path.ok()) return path.status();
  absl::Status s = base::merkle::VerifyConsistency(
      older.tree_size(), proof.second_size(), *ParseHash("root", older.root_hash()),
      *ParseHash("root", proof.second_head().root_hash()), *path);
  if (!s.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("the log of ", proof.second_size(),
                                                   " events does not extend the saved head of ",
                                                   older.tree_size(), ": ", s.message()));
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::SignedTreeHead> TreeHeads::Newest() const {
  if (key_ == nullptr) {
    return absl::FailedPreconditionError(
        "the server signs no tree heads: start it with --signing_key");
  }
  return At(0);
}

absl::StatusOr<v1::SignedTreeHead> TreeHeads::At(uint64_t tree_size) const {
  const eventstore::TreeHead newest = store_->tree_head();
  if (tree_size == 0 || tree_size == newest.size) {
    return MakeTreeHead(key_, newest.size, newest.root, clock_->Now());
  }
  absl::StatusOr<base::Hash> root = store_->TreeRoot(tree_size);
  if (!root.ok()) return Field("tree_size", root.status());
  return MakeTreeHead(key_, tree_size, *root, clock_->Now());
}

absl::StatusOr<v1::InclusionProof> TreeHeads::Inclusion(
    const v1::GetInclusionProofRequest& req) const {
  const uint64_t size = req.tree_size() == 0 ? store_->tree_head().size : req.tree_size();
  if (req.position() == 0 || req.position() > size) {
    return InvalidField("position", absl::StrCat("must be 1 to the tree size ", size));
  }
  absl::StatusOr<std::vector<base::Hash>> path = store_->InclusionProof(req.position(), size);
  if (!path.ok()) return Field("tree_size", path.status());
  absl::StatusOr<eventstore::Envelope> event = store_->ReadEvent(req.position());
  if (!event.ok()) return event.status();
  absl::StatusOr<v1::SignedTreeHead> head = At(size);
  if (!head.ok()) return head.status();
  v1::InclusionProof out;
  out.set_position(req.position());
  out.set_tree_size(size);
  out.set_event_hash(base::HashToHex(event->hash));
  AddHex(*path, out.mutable_audit_path());
  *out.mutable_head() = *std::move(head);
  return out;
}

absl::StatusOr<v1::ConsistencyProof> TreeHeads::Consistency(
    const v1::GetConsistencyProofRequest& req) const {
  const uint64_t second = req.second_size() == 0 ? store_->tree_head().size : req.second_size();
  if (req.first_size() == 0 || req.first_size() > second) {
    return InvalidField("first_size", absl::StrCat("must be 1 to the second size ", second));
  }
  absl::StatusOr<std::vector<base::Hash>> proof =
      store_->ConsistencyProof(req.first_size(), second);
  if (!proof.ok()) return Field("second_size", proof.status());
  absl::StatusOr<v1::SignedTreeHead> first_head = At(req.first_size());
  if (!first_head.ok()) return first_head.status();
  absl::StatusOr<v1::SignedTreeHead> second_head = At(second);
  if (!second_head.ok()) return second_head.status();
  v1::ConsistencyProof out;
  out.set_first_size(req.first_size());
  out.set_second_size(second);
  AddHex(*proof, out.mutable_proof());
  *out.mutable_first_head() = *std::move(first_head);
  *out.mutable_second_head() = *std::move(second_head);
  return out;
}

}  // namespace budget
