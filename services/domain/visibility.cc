#include "services/domain/visibility.h"

#include <algorithm>
#include <vector>

#include "absl/strings/match.h"
#include "services/domain/lifecycle.h"
#include "services/domain/names.h"

namespace budget {
namespace {

using google::protobuf::FieldDescriptor;

bool SeesEverything(const v1::Principal& reader) {
  for (v1::Role r :
       {v1::ROLE_CASE_WORKER, v1::ROLE_COORDINATOR, v1::ROLE_AUDITOR, v1::ROLE_ADMINISTRATOR}) {
    if (HasRole(reader, r)) return true;
  }
  return false;
}

// A round as the outside readers see it: its timeline and organisation,
// its published proposals and what the totals count (expansions,
// corrections), without names; no hearing, meeting or suggestion.
RoundState PublicRound(const RoundState& round) {
  RoundState out;
  *out.mutable_round() = round.round();
  v1::Round& r = *out.mutable_round();
  ClearActorNames(&r);
  // Lists of proposal names keep only the published ones.
  auto published_only = [&](google::protobuf::RepeatedPtrField<std::string>* names) {
    names->erase(std::remove_if(names->begin(), names->end(),
                                [&](const std::string& name) {
                                  auto it = round.proposals().find(std::string(LastSegment(name)));
                                  return it == round.proposals().end() || !IsPublished(it->second);
                                }),
                 names->end());
  };
  if (r.has_pool()) {
    // The cause may name who closed the claims.
    r.mutable_pool()->clear_cause();
    published_only(r.mutable_pool()->mutable_proposals());
  }
  if (r.has_selection_recommendation()) {
    published_only(r.mutable_selection_recommendation()->mutable_proposals());
  }
  for (const auto& [id, p] : round.proposals()) {
    if (!IsPublished(p)) continue;
    v1::Proposal& copy = (*out.mutable_proposals())[id] = p;
    copy.clear_hearings();
    ClearActorNames(&copy);
  }
  for (const auto& [id, x] : round.expansions())
    ClearActorNames(&((*out.mutable_expansions())[id] = x));
  for (const auto& [id, c] : round.corrections()) {
    ClearActorNames(&((*out.mutable_corrections())[id] = c));
  }
  out.set_next_proposal_number(round.next_proposal_number());
  out.set_next_expansion_number(round.next_expansion_number());
  out.set_next_correction_number(round.next_correction_number());
  r.set_proposal_count(out.proposals_size());
  return out;
}

}  // namespace

bool IsOutsideReader(const v1::Principal& reader) {
  for (int r : reader.roles()) {
    if (r != v1::ROLE_PUBLIC && r != v1::ROLE_EMPLOYEE) return false;
  }
  return true;
}

bool MaySee(const v1::Principal& reader, const v1::Proposal& proposal) {
  if (IsOutsideReader(reader)) return IsPublished(proposal);
  if (!IsDraft(proposal) || SeesEverything(reader)) return true;
  return HasRole(reader, v1::ROLE_HMU) && proposal.content().submitter_kind() == v1::SUBMITTER_HMU;
}

bool MaySee(const v1::Principal& reader, const v1::Suggestion& suggestion) {
  return HasRole(reader, v1::ROLE_CASE_WORKER) || HasRole(reader, v1::ROLE_COORDINATOR) ||
         HasRole(reader, v1::ROLE_AUDITOR) || suggestion.submitted_by() == reader.name();
}

const State& VisibleState(const State& state, const v1::Principal& reader,
                          absl::string_view round_name, State* scratch) {
  if (SeesEverything(reader)) return state;
  const bool outside = IsOutsideReader(reader);
  // The rounds the read may look at: the one it names, or all.
  std::vector<std::pair<const std::string*, const RoundState*>> rounds;
  if (round_name.empty()) {
    for (const auto& [id, round] : state.rounds()) rounds.emplace_back(&id, &round);
  } else if (auto it = state.rounds().find(std::string(LastSegment(round_name)));
             it != state.rounds().end()) {
    rounds.emplace_back(&it->first, &it->second);
  }
  bool hidden = outside;
  for (const auto& [id, round] : rounds) {
    for (const auto& [pid, p] : round->proposals()) hidden = hidden || !MaySee(reader, p);
  }
  if (!hidden) return state;
  scratch->Clear();
  scratch->set_log_position(state.log_position());
  for (const auto& [id_ptr, round_ptr] : rounds) {
    const std::string& id = *id_ptr;
    const RoundState& round = *round_ptr;
    RoundState& copy = (*scratch->mutable_rounds())[id];
    if (outside) {
      copy = PublicRound(round);
      continue;
    }
    copy = round;
    for (const auto& [pid, p] : round.proposals()) {
      if (!MaySee(reader, p)) copy.mutable_proposals()->erase(pid);
    }
    copy.mutable_round()->set_proposal_count(copy.proposals_size());
  }
  if (!outside) *scratch->mutable_processes() = state.processes();
  return *scratch;
}

void ClearActorNames(google::protobuf::Message* m) {
  const google::protobuf::Reflection* reflection = m->GetReflection();
  std::vector<const FieldDescriptor*> fields;
  reflection->ListFields(*m, &fields);
  for (const FieldDescriptor* f : fields) {
    if (f->type() == FieldDescriptor::TYPE_STRING && !f->is_repeated() &&
        (f->name() == "by" || absl::EndsWith(f->name(), "_by"))) {
      reflection->ClearField(m, f);
    } else if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE && !f->is_map()) {
      if (!f->is_repeated()) {
        ClearActorNames(reflection->MutableMessage(m, f));
        continue;
      }
      for (int i = 0; i < reflection->FieldSize(*m, f); ++i) {
        ClearActorNames(reflection->MutableRepeatedMessage(m, f, i));
      }
    }
  }
}

}  // namespace budget
