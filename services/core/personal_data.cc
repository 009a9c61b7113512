#include "services/core/personal_data.h"

#include <algorithm>
#include <set>
#include <type_traits>
#include <vector>

#include "absl/container/node_hash_map.h"
#include "absl/functional/function_ref.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "base/aead.h"
#include "base/sync.h"
#include "budget/v1/options.pb.h"
#include "services/domain/apply.h"

namespace budget {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

bool IsMarker(absl::string_view v) { return v == kErasedMarker || v == kWithheldMarker; }

std::string Token(absl::string_view subject, absl::string_view sealed) {
  return absl::StrCat(kSealedPrefix, absl::WebSafeBase64Escape(subject), ":",
                      absl::WebSafeBase64Escape(sealed));
}

// The subject and the sealed bytes of a token; false when it is malformed.
bool ParseToken(absl::string_view token, std::string* subject, std::string* sealed) {
  if (!absl::ConsumePrefix(&token, kSealedPrefix)) return false;
  const size_t colon = token.find(':');
  if (colon == absl::string_view::npos) return false;
  return absl::WebSafeBase64Unescape(token.substr(0, colon), subject) && !subject->empty() &&
         absl::WebSafeBase64Unescape(token.substr(colon + 1), sealed);
}

}  // namespace

namespace {

// The fields of `type` a walk visits, in field-number order: its personal
// strings and the message fields whose types may hold personal data; empty
// for a type that holds none. Cached per type: listing the set fields of
// every message walked was most of a walk's cost.
const std::vector<const FieldDescriptor*>& FieldsToWalk(const Descriptor* type) {
  static auto* const mu = new base::Mutex();
  static auto* const cache =
      new absl::node_hash_map<const Descriptor*, std::vector<const FieldDescriptor*>>();
  {
    base::ReaderMutexLock lock(mu);
    if (auto it = cache->find(type); it != cache->end()) return it->second;
  }
  std::vector<const FieldDescriptor*> fields;
  if (MayHoldPersonal(type)) {
    for (int k = 0; k < type->field_count(); ++k) {
      const FieldDescriptor* f = type->field(k);
      if ((f->cpp_type() == FieldDescriptor::CPPTYPE_STRING && IsPersonal(f)) ||
          (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE &&
           MayHoldPersonal(f->message_type()))) {
        fields.push_back(f);
      }
    }
    std::sort(fields.begin(), fields.end(), [](const FieldDescriptor* a, const FieldDescriptor* b) {
      return a->number() < b->number();
    });
  }
  base::MutexLock lock(mu);
  // Node-based: the vector stays where it is while other types are added.
  return cache->try_emplace(type, std::move(fields)).first->second;
}

// The one walk over the personal fields of a message, at any depth: `visit`
// sees each non-empty personal string; through a mutable message what it
// returns is stored in the field's place, through a const one the message
// is only read (no copy of it is needed to look).
template <typename M, typename Visit>
void WalkPersonal(M* message, Visit visit) {
  constexpr bool kWrite = !std::is_const_v<M>;
  const std::vector<const FieldDescriptor*>& fields = FieldsToWalk(message->GetDescriptor());
  if (fields.empty()) return;
  const Reflection* r = message->GetReflection();
  for (const FieldDescriptor* f : fields) {
    if (f->is_repeated() ? r->FieldSize(*message, f) == 0 : !r->HasField(*message, f)) continue;
    if (f->cpp_type() == FieldDescriptor::CPPTYPE_STRING) {
      if (f->is_repeated()) {
        for (int i = 0; i < r->FieldSize(*message, f); ++i) {
          const std::string& v = r->GetRepeatedStringReference(*message, f, i, nullptr);
          if (v.empty()) continue;
          if constexpr (kWrite) {
            r->SetRepeatedString(message, f, i, visit(f, v));
          } else {
            visit(f, v);
          }
        }
      } else {
        const std::string& v = r->GetStringReference(*message, f, nullptr);
        if (v.empty()) continue;
        if constexpr (kWrite) {
          r->SetString(message, f, visit(f, v));
        } else {
          visit(f, v);
        }
      }
    } else {
      if (f->is_repeated()) {
        for (int i = 0; i < r->FieldSize(*message, f); ++i) {
          if constexpr (kWrite) {
            WalkPersonal(r->MutableRepeatedMessage(message, f, i), visit);
          } else {
            WalkPersonal(&r->GetRepeatedMessage(*message, f, i), visit);
          }
        }
      } else if constexpr (kWrite) {
        WalkPersonal(r->MutableMessage(message, f), visit);
      } else {
        WalkPersonal(&r->GetMessage(*message, f), visit);
      }
    }
  }
}

}  // namespace

void ForEachPersonal(
    Message* message,
    absl::FunctionRef<std::string(const FieldDescriptor*, const std::string&)> visit) {
  WalkPersonal(message, visit);
}

void VisitPersonal(const Message& message,
                   absl::FunctionRef<void(const FieldDescriptor*, const std::string&)> visit) {
  WalkPersonal(&message, visit);
}

bool MaySeePersonalData(const v1::Principal& reader, absl::string_view subject) {
  bool own = false;
  for (int role : reader.roles()) {
    switch (role) {
      case v1::ROLE_CASE_WORKER:
      case v1::ROLE_COORDINATOR:
      case v1::ROLE_COMMITTEE:
      case v1::ROLE_COUNCIL:
      case v1::ROLE_FINANCE_COMMITTEE:
      case v1::ROLE_HMU:
      case v1::ROLE_AUDITOR:
      case v1::ROLE_ADMINISTRATOR:
        return true;
      case v1::ROLE_PUBLIC:
        break;
      default:  // hearing bodies, and roles added later, see their own
        own = true;
        break;
    }
  }
  return own && !subject.empty() && subject == reader.name();
}

bool IsPersonal(const FieldDescriptor* field) {
  return field->options().HasExtension(v1::personal);
}

bool MayHoldPersonal(const Descriptor* type) {
  static auto* const mu = new base::Mutex();
  static auto* const cache = new absl::flat_hash_map<const Descriptor*, bool>();
  base::MutexLock lock(mu);
  if (auto it = cache->find(type); it != cache->end()) return it->second;
  // Every type reachable from `type`, then a fixed point: a type holds
  // personal data when a field of its own is personal or a message field's
  // type holds some (types may be recursive, e.g. google.protobuf.Struct).
  std::vector<const Descriptor*> reachable = {type};
  absl::flat_hash_map<const Descriptor*, bool> holds = {{type, false}};
  for (size_t i = 0; i < reachable.size(); ++i) {
    for (int k = 0; k < reachable[i]->field_count(); ++k) {
      const FieldDescriptor* f = reachable[i]->field(k);
      if (f->cpp_type() == FieldDescriptor::CPPTYPE_STRING && IsPersonal(f)) {
        holds[reachable[i]] = true;
      }
      if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE &&
          holds.emplace(f->message_type(), false).second) {
        reachable.push_back(f->message_type());
      }
    }
  }
  for (bool changed = true; changed;) {
    changed = false;
    for (const Descriptor* d : reachable) {
      if (holds[d]) continue;
      for (int k = 0; k < d->field_count(); ++k) {
        const FieldDescriptor* f = d->field(k);
        if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE && holds[f->message_type()]) {
          holds[d] = changed = true;
          break;
        }
      }
    }
  }
  for (const auto& [d, h] : holds) cache->emplace(d, h);
  return holds[type];
}

bool IsSealed(absl::string_view value) { return absl::StartsWith(value, kSealedPrefix); }

absl::Status PersonalData::Seal(v1::Event* event, absl::string_view actor, WriteKeys* keys,
                                eventstore::DecidedAppend* append) const {
  if (event->has_subject_erased()) {
    const std::string& subject = event->subject_erased().subject();
    append->erased_subjects.push_back(subject);
    keys->known.erase(subject);
    keys->erased.insert(subject);
    return absl::OkStatus();
  }
  absl::Status status;
  std::string stream;  // the event's, when a field's subject is its resource
  ForEachPersonal(event, [&](const FieldDescriptor* f, const std::string& value) -> std::string {
    if (!status.ok()) return value;
    std::string subject;
    if (f->options().GetExtension(v1::personal).subject() == v1::PERSONAL_SUBJECT_RESOURCE) {
      if (stream.empty()) stream = StreamOf(*event);
      subject = stream;
    } else {
      subject = std::string(actor);
    }
    auto it = keys->known.find(subject);
    if (it == keys->known.end()) {
      std::optional<std::string> key;
      if (!keys->erased.contains(subject)) {
        absl::StatusOr<std::optional<std::string>> stored = store_->SubjectKey(subject);
        if (!stored.ok()) {
          status = stored.status();
          return value;
        }
        key = *std::move(stored);
      }
      if (!key.has_value()) {
        key = base::NewAeadKey();
        append->new_subject_keys.emplace_back(subject, *key);
      }
      it = keys->known.emplace(subject, *std::move(key)).first;
    }
    absl::StatusOr<std::string> sealed = base::AeadSeal(it->second, value, subject);
    if (!sealed.ok()) {
      status = sealed.status();
      return value;
    }
    return Token(subject, *sealed);
  });
  return status;
}

absl::StatusOr<base::Hash> PersonalData::RecordFingerprint(absl::string_view fingerprint,
                                                           const std::vector<v1::Event>& events,
                                                           const WriteKeys* keys) const {
  std::set<std::string> subjects;  // ordered: the key is the same on every call
  for (const v1::Event& e : events) {
    VisitPersonal(e, [&](const FieldDescriptor*, const std::string& value) {
      std::string subject, sealed;
      if (ParseToken(value, &subject, &sealed)) subjects.insert(std::move(subject));
    });
  }
  if (subjects.empty()) return base::Sha256(fingerprint);
  std::string key = "budget request fingerprint v1\n";  // not the sealing key itself
  for (const std::string& subject : subjects) {
    std::optional<std::string> k;
    if (keys != nullptr) {
      if (auto it = keys->known.find(subject); it != keys->known.end()) k = it->second;
    } else {
      absl::StatusOr<std::optional<std::string>> stored = store_->SubjectKey(subject);
      if (!stored.ok()) return stored.status();
      k = *std::move(stored);
    }
    if (!k.has_value()) {
      return absl::FailedPreconditionError(
          absl::StrCat("the personal data of ", subject, " was erased"));
    }
    absl::StrAppend(&key, subject.size(), ":", subject, *k);
  }
  return base::HmacSha256(base::AsBytes(base::Sha256(key)), fingerprint);
}

void PersonalData::Reveal(Message* message, const v1::Principal& reader) const {
  // One lookup per subject and answer.
  absl::flat_hash_map<std::string, std::optional<std::string>> keys;
  ForEachPersonal(message, [&](const FieldDescriptor*, const std::string& value) -> std::string {
    if (IsMarker(value)) return value;
    std::string subject, sealed;
    if (!IsSealed(value)) {
      // Recorded before sealing existed: plain text of an unknown subject.
      return MaySeePersonalData(reader, "") ? value : std::string(kWithheldMarker);
    }
    if (!ParseToken(value, &subject, &sealed)) return std::string(kErasedMarker);
    if (!MaySeePersonalData(reader, subject)) return std::string(kWithheldMarker);
    auto it = keys.find(subject);
    if (it == keys.end()) {
      absl::StatusOr<std::optional<std::string>> stored = store_->SubjectKey(subject);
      // Unreadable now is not erased.
      if (!stored.ok()) return std::string(kWithheldMarker);
      it = keys.emplace(subject, *std::move(stored)).first;
    }
    if (!it->second.has_value()) return std::string(kErasedMarker);
    absl::StatusOr<std::string> plain = base::AeadOpen(*it->second, sealed, subject);
    // A key made after an erasure does not open what the erased key sealed.
    return plain.ok() ? *std::move(plain) : std::string(kErasedMarker);
  });
}

void PersonalData::Withhold(Message* message) {
  ForEachPersonal(message, [](const FieldDescriptor*, const std::string& value) {
    return IsMarker(value) ? value : std::string(kWithheldMarker);
  });
}

}  // namespace budget
