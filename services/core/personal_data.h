#ifndef SERVICES_CORE_PERSONAL_DATA_H_
#define SERVICES_CORE_PERSONAL_DATA_H_

// Personal data at the boundary of the domain (crypto-shredding, issue 24).
//
// The domain core never sees a key or a cipher: fields marked
// `(budget.v1.personal)` in the protos (options.proto) are sealed on the
// write path, after the decision and before the event is applied or
// written, and opened on the read path, when an answer leaves the server.
// In between — the log, the projection, snapshots, request records — they
// are sealed tokens:
//
//   "sealed:v1:" base64url(subject) ":" base64url(nonce | ciphertext | tag)
//
// AES-256-GCM (base/aead.h) with the data subject's key from the event
// store's keys family, the subject as associated data. The chain and the
// Merkle tree hash the tokens, so destroying a key (AdminService.
// EraseSubject) erases the data while every hash, proof and signed head
// stays valid.
//
// Whose data a field is (its data subject), decided when an event is sealed
// by the option's `subject`: the principal who recorded the event (a
// hearing response is its author's), or the resource the event is about
// (people outside the service that a resource names). The token carries the
// subject, so opening needs no rule.
//
// What a reader sees in a personal field (Reveal):
//   - the text, when MaySeePersonalData(reader, subject) and the key exists;
//   - kErasedMarker "[slettet]", when the subject's data was erased (no key,
//     or a key made after the erasure that does not open it);
//   - kWithheldMarker "[skjult]", when the reader may not see it.
// Never the token: an answer that could not be opened shows a marker.
//
// Example (the write path, services/core/command_processor.cc):
//   PersonalData::WriteKeys keys;
//   RETURN_IF_ERROR(personal.Seal(&event, actor, &keys, &append));
// (the read path, services/api):
//   personal.Reveal(&response, principal);

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "base/sha256.h"
#include "budget/v1/common.pb.h"
#include "budget/v1/events.pb.h"
#include "eventstore/event_store.h"
#include "google/protobuf/message.h"

namespace budget {

// What an erased personal field reads as, everywhere, for everyone.
inline constexpr absl::string_view kErasedMarker = "[slettet]";
// What a personal field reads as for a reader who may not see it.
inline constexpr absl::string_view kWithheldMarker = "[skjult]";
// The prefix of a sealed personal field as stored.
inline constexpr absl::string_view kSealedPrefix = "sealed:v1:";

// The one rule of who sees personal data: true when `reader` may see the
// personal data of `subject` (a principal's or a resource's name; empty for
// data recorded before sealing existed, whose subject is unknown).
//   - the administration and its overseers — case workers, the coordinator,
//     committees, the council, HMU, auditors, administrators — see everyone's:
//     hearing responses exist to be read by them;
//   - any other role (hearing bodies; later employees) sees only its own:
//     the data whose subject is the reader's principal;
//   - the public role (ROLE_PUBLIC, issue 20 §2) never sees any.
bool MaySeePersonalData(const v1::Principal& reader, absl::string_view subject);

// True when `field` is marked (budget.v1.personal).
bool IsPersonal(const google::protobuf::FieldDescriptor* field);
// True when a message of `type` can hold a personal field at any depth.
// Cached per type; thread-safe.
bool MayHoldPersonal(const google::protobuf::Descriptor* type);
// True when `value` is a sealed personal field.
bool IsSealed(absl::string_view value);
// Calls `visit(field, value)` for every non-empty personal string of
// `message`, at any depth, and stores what it returns in its place.
void ForEachPersonal(
    google::protobuf::Message* message,
    absl::FunctionRef<std::string(const google::protobuf::FieldDescriptor*, const std::string&)>
        visit);
// The same walk, reading only: `visit(field, value)` for every non-empty
// personal string of `message`, at any depth.
void VisitPersonal(
    const google::protobuf::Message& message,
    absl::FunctionRef<void(const google::protobuf::FieldDescriptor*, const std::string&)> visit);

// Thread safety: every method may be called concurrently.
class PersonalData {
 public:
  // `store` is not owned and must outlive this object.
  explicit PersonalData(eventstore::EventStore* store) : store_(store) {}

  // The keys one write (a batch of the single writer) uses: looked up once,
  // made when missing, and never reused after an erasure in the same batch.
  struct WriteKeys {
    absl::flat_hash_map<std::string, std::string> known;  // subject -> key
    absl::flat_hash_set<std::string> erased;              // erased in this batch
  };

  // The write path: replaces every non-empty personal field of `event` by
  // its token, sealed with its subject's key (the `actor`'s, or the event's
  // stream's, as the field's option says). A subject without a key gets a
  // new one, added to `append->new_subject_keys` so it is written with the
  // event. A SubjectErased event adds its subject to
  // `append->erased_subjects`, so the key is deleted in the same durable
  // write, and later seals in the batch make a new key.
  absl::Status Seal(v1::Event* event, absl::string_view actor, WriteKeys* keys,
                    eventstore::DecidedAppend* append) const;

  // What a request record keeps of a command (its retry fingerprint, the
  // deterministic bytes of the request): SHA-256 of `fingerprint`, or, when
  // the command's `events` sealed personal data, its HMAC-SHA-256 under the
  // keys of their data subjects. A record must not outlive an erasure as a
  // way to test a guess of the erased text ("was the citizen's name Grethe
  // Hansen?"): without the subject's key no one can compute it.
  // `keys` are the write's (Seal put every subject it sealed for there);
  // null looks them up in the store. FAILED_PRECONDITION when a subject's
  // key is gone: the data was erased, and the record can confirm nothing.
  absl::StatusOr<base::Hash> RecordFingerprint(absl::string_view fingerprint,
                                               const std::vector<v1::Event>& events,
                                               const WriteKeys* keys) const;

  // The read path: every personal field of `message`, at any depth, as
  // `reader` may see it (see above).
  void Reveal(google::protobuf::Message* message, const v1::Principal& reader) const;

  // Without keys or a reader (a tool, an export restored elsewhere): every
  // non-empty personal field becomes kWithheldMarker.
  static void Withhold(google::protobuf::Message* message);

 private:
  eventstore::EventStore* const store_;
};

// How an answer shows personal fields: Reveal for a principal, or Withhold
// when there is none (null `data`). Cheap to copy.
class PersonalView {
 public:
  PersonalView() = default;  // withholds
  PersonalView(const PersonalData* data, v1::Principal reader)
      : data_(data), reader_(std::move(reader)) {}
  void Show(google::protobuf::Message* message) const {
    if (data_ == nullptr) {
      PersonalData::Withhold(message);
    } else {
      data_->Reveal(message, reader_);
    }
  }

 private:
  const PersonalData* data_ = nullptr;
  v1::Principal reader_;
};

}  // namespace budget

#endif  // SERVICES_CORE_PERSONAL_DATA_H_
