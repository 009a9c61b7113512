#include "clients/pgsync/projection.h"

#include <algorithm>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "google/protobuf/util/json_util.h"
#include "services/audit/log_entry.h"
#include "services/core/personal_data.h"
#include "services/domain/apply.h"
#include "services/domain/names.h"
#include "services/domain/time_util.h"

namespace budget::pgsync {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

void CollectNames(const Message& m, std::vector<std::string>* out) {
  const auto* reflection = m.GetReflection();
  std::vector<const FieldDescriptor*> fields;
  reflection->ListFields(m, &fields);
  for (const FieldDescriptor* f : fields) {
    const int n = f->is_repeated() ? reflection->FieldSize(m, f) : 1;
    for (int i = 0; i < n; ++i) {
      if (f->cpp_type() == FieldDescriptor::CPPTYPE_STRING) {
        std::string v =
            f->is_repeated() ? reflection->GetRepeatedString(m, f, i) : reflection->GetString(m, f);
        if (absl::StartsWith(v, "rounds/")) out->push_back(std::move(v));
      } else if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
        CollectNames(f->is_repeated() ? reflection->GetRepeatedMessage(m, f, i)
                                      : reflection->GetMessage(m, f),
                     out);
      }
    }
  }
}

// The entity a child resource's rows belong to: a question lives in its proposal.
std::string OwningEntity(const State& s, const std::string& name) {
  absl::StatusOr<ChildRef> q = ParseChildName(name, kQuestions, "question");
  if (!q.ok()) return name;
  auto round = s.rounds().find(q->round_id);
  if (round == s.rounds().end()) return "";
  auto owner = round->second.question_proposals().find(q->id);
  return owner == round->second.question_proposals().end()
             ? ""
             : ChildName(q->round_id, kProposals, owner->second);
}

const v1::Proposal* FindProposal(const State& s, absl::string_view name) {
  absl::StatusOr<ChildRef> ref = ParseChildName(name, kProposals, "proposal");
  if (!ref.ok()) return nullptr;
  auto round = s.rounds().find(ref->round_id);
  if (round == s.rounds().end()) return nullptr;
  auto p = round->second.proposals().find(ref->id);
  return p == round->second.proposals().end() ? nullptr : &p->second;
}

// The subject a sealed field carries ("sealed:v1:<base64url subject>:..."),
// empty when it is not one.
std::string SubjectOf(absl::string_view token) {
  if (!absl::ConsumePrefix(&token, kSealedPrefix)) return "";
  std::string subject;
  const size_t colon = token.find(':');
  if (colon == absl::string_view::npos ||
      !absl::WebSafeBase64Unescape(token.substr(0, colon), &subject)) {
    return "";
  }
  return subject;
}

// Every non-empty personal value of `event`, in walk order.
std::vector<std::string> PersonalValues(const v1::Event& event) {
  std::vector<std::string> out;
  VisitPersonal(event, [&](const FieldDescriptor*, const std::string& v) { out.push_back(v); });
  return out;
}

// The event as budgetd showed it: its structured payload parsed back into
// the payload's message. False when it does not parse as that message.
bool ShownEvent(const v1::Event& raw, const v1::LogEntry& entry, v1::Event* shown) {
  *shown = raw;
  const auto* field =
      raw.GetReflection()->GetOneofFieldDescriptor(raw, v1::Event::descriptor()->oneof_decl(0));
  if (field == nullptr) return true;
  std::string json;
  if (!google::protobuf::util::MessageToJsonString(entry.payload(), &json).ok()) return false;
  Message* payload = shown->GetReflection()->MutableMessage(shown, field);
  payload->Clear();
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;
  return google::protobuf::util::JsonStringToMessage(json, payload, options).ok();
}

}  // namespace

std::string Projection::TextOf(const std::string& token) const {
  if (!IsSealed(token)) return token;
  if (auto it = texts_.find(token); it != texts_.end()) return it->second;
  return std::string(erased_.contains(SubjectOf(token)) ? kErasedMarker : kWithheldMarker);
}

void Projection::NotePersonal(const v1::Event& raw, const v1::LogEntry& entry) {
  const std::vector<std::string> tokens = PersonalValues(raw);
  if (tokens.empty()) return;
  // Read back only here: it is a JSON round trip, and it was most of a
  // start-up's time when every event paid for it.
  v1::Event shown;
  const std::vector<std::string> texts =
      ShownEvent(raw, entry, &shown) ? PersonalValues(shown) : std::vector<std::string>();
  bool noted = false;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const std::string subject = SubjectOf(tokens[i]);
    if (subject.empty()) continue;
    // Never the token itself: a payload budgetd did not show is withheld.
    const bool shown_ok = texts.size() == tokens.size() && !IsSealed(texts[i]);
    texts_[tokens[i]] = shown_ok ? texts[i] : std::string(kWithheldMarker);
    for (const std::string& name : ResourcesNamedBy(raw)) {
      if (std::string owner = OwningEntity(state_, name);
          !owner.empty() && name != RoundName(RoundIdOf(name))) {
        subject_entities_[subject].insert(std::move(owner));
      }
    }
    subject_events_[subject].insert(entry.position());
    noted = true;
  }
  if (noted) personal_events_[entry.position()] = entry;
}

void Projection::Erased(const std::string& subject, bool track) {
  erased_.insert(subject);
  for (auto& [token, text] : texts_) {
    if (SubjectOf(token) == subject) text = std::string(kErasedMarker);
  }
  auto entities = subject_entities_.extract(subject);
  auto events = subject_events_.extract(subject);
  if (!events.empty()) {
    for (uint64_t position : events.mapped()) {
      auto it = personal_events_.find(position);
      if (it == personal_events_.end()) continue;
      // The stored payload again, with what each sealed field reads now.
      v1::Event raw;
      if (!raw.ParseFromString(it->second.payload_bytes())) continue;
      ForEachPersonal(&raw,
                      [&](const FieldDescriptor*, const std::string& v) { return TextOf(v); });
      if (const Message* payload = PayloadOf(raw)) {
        std::string json;
        google::protobuf::util::JsonPrintOptions options;
        options.preserve_proto_field_names = true;
        (void)google::protobuf::util::MessageToJsonString(*payload, &json, options);
        (void)google::protobuf::util::JsonStringToMessage(json, it->second.mutable_payload());
      }
      if (track) changes_.rewritten.push_back(it->second);
    }
  }
  if (track && !entities.empty()) {
    for (const std::string& name : entities.mapped()) {
      changes_.entities.insert(name);
      changes_.rounds.insert(std::string(RoundIdOf(name)));
    }
  }
}

std::vector<std::string> ResourcesNamedBy(const v1::Event& event) {
  std::vector<std::string> out = {StreamOf(event)};
  if (const Message* payload = PayloadOf(event)) CollectNames(*payload, &out);
  // Each once, the stream first (field 1 names it again).
  std::vector<std::string> unique;
  for (std::string& name : out) {
    if (std::find(unique.begin(), unique.end(), name) == unique.end()) {
      unique.push_back(std::move(name));
    }
  }
  return unique;
}

absl::Status Projection::Apply(const v1::LogEntry& entry, bool track) {
  absl::StatusOr<eventstore::Envelope> envelope = ToEnvelope(entry);
  if (!envelope.ok()) return absl::DataLossError(envelope.status().message());
  ChainFollower next = chain_;
  if (absl::Status s = next.Accept(*envelope); !s.ok()) {
    return absl::DataLossError(
        absl::StrCat("hash chain broken at position ", entry.position(), ": ", s.message()));
  }
  v1::Event event;
  if (!event.ParseFromString(entry.payload_bytes())) {
    return absl::DataLossError(absl::StrCat("event ", entry.position(), " (", entry.type(),
                                            ") has an unreadable payload"));
  }
  std::vector<std::pair<std::string, int64_t>> versions_before;
  if (track) {
    for (const std::string& name : ResourcesNamedBy(event)) {
      if (const v1::Proposal* p = FindProposal(state_, name)) {
        versions_before.emplace_back(name, p->version());
      } else if (absl::StrContains(name, "/proposals/")) {
        versions_before.emplace_back(name, 0);  // submitted by this event
      }
    }
  }
  NotePersonal(event, entry);
  budget::Apply(state_, event,
                EventMeta{entry.position(), FromProto(entry.recorded_at()), entry.actor()});
  if (event.has_subject_erased()) Erased(event.subject_erased().subject(), track);
  chain_ = next;
  if (track) Track(event, entry, versions_before);
  return absl::OkStatus();
}

void Projection::Track(const v1::Event& event, const v1::LogEntry& entry,
                       const std::vector<std::pair<std::string, int64_t>>& versions_before) {
  for (const std::string& name : ResourcesNamedBy(event)) {
    const std::string round_id(RoundIdOf(name));
    if (round_id.empty()) continue;
    changes_.rounds.insert(round_id);
    if (name == RoundName(round_id)) continue;
    if (std::string owner = OwningEntity(state_, name); !owner.empty()) {
      changes_.entities.insert(std::move(owner));
    }
  }
  for (const auto& [name, before] : versions_before) {
    const v1::Proposal* p = FindProposal(state_, name);
    if (p == nullptr || p->version() == before) continue;
    changes_.versions.push_back(VersionRecord{name, p->version(), entry.position(),
                                              FromProto(entry.recorded_at()), entry.actor(),
                                              p->content()});
  }
  changes_.events.push_back(entry);
}

Changes Projection::TakeChanges() {
  Changes out = std::move(changes_);
  changes_ = Changes();
  return out;
}

}  // namespace budget::pgsync
