#include "clients/pgsync/projection.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/audit/log_entry.h"
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

}  // namespace

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
  budget::Apply(state_, event,
                EventMeta{entry.position(), FromProto(entry.recorded_at()), entry.actor()});
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
