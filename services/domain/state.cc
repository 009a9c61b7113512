#include "services/domain/state.h"

#include "base/status_macros.h"
#include "services/domain/errors.h"
#include "services/domain/names.h"

namespace budget {

absl::StatusOr<const RoundState*> RequireRound(const State& s, absl::string_view name,
                                               absl::string_view field) {
  ASSIGN_OR_RETURN(std::string id, ParseRoundName(name, field));
  auto it = s.rounds().find(id);
  if (it == s.rounds().end()) return NotFound("round", name);
  return &it->second;
}

absl::StatusOr<ProposalRef> RequireProposal(const State& s, absl::string_view name,
                                            absl::string_view field) {
  ASSIGN_OR_RETURN(ChildRef ref, ParseChildName(name, kProposals, field));
  auto r = s.rounds().find(ref.round_id);
  if (r == s.rounds().end()) return NotFound("round", RoundName(ref.round_id));
  auto p = r->second.proposals().find(ref.id);
  if (p == r->second.proposals().end()) return NotFound("proposal", name);
  return ProposalRef{&r->second, &p->second};
}

absl::StatusOr<const v1::Question*> FindQuestion(const State& s, absl::string_view name) {
  ASSIGN_OR_RETURN(ChildRef ref, ParseChildName(name, kQuestions, "question"));
  auto r = s.rounds().find(ref.round_id);
  if (r != s.rounds().end()) {
    auto q = r->second.question_proposals().find(ref.id);
    if (q != r->second.question_proposals().end()) {
      for (const v1::Question& question : r->second.proposals().at(q->second).questions()) {
        if (question.name() == name) return &question;
      }
    }
  }
  return NotFound("question", name);
}

v1::Question* MutableQuestion(State& s, absl::string_view name) {
  absl::StatusOr<ChildRef> ref = ParseChildName(name, kQuestions, "question");
  if (!ref.ok()) return nullptr;
  auto r = s.mutable_rounds()->find(ref->round_id);
  if (r == s.mutable_rounds()->end()) return nullptr;
  auto q = r->second.question_proposals().find(ref->id);
  if (q == r->second.question_proposals().end()) return nullptr;
  for (v1::Question& question : *(*r->second.mutable_proposals())[q->second].mutable_questions()) {
    if (question.name() == name) return &question;
  }
  return nullptr;
}

template <typename T>
static const T* FindByName(const google::protobuf::RepeatedPtrField<T>& items,
                           absl::string_view name) {
  for (const T& item : items) {
    if (item.name() == name) return &item;
  }
  return nullptr;
}

const v1::Committee* FindCommittee(const v1::Round& r, absl::string_view name) {
  return FindByName(r.committees(), name);
}
const v1::Centre* FindCentre(const v1::Round& r, absl::string_view name) {
  return FindByName(r.centres(), name);
}
const v1::Workplace* FindWorkplace(const v1::Round& r, absl::string_view name) {
  return FindByName(r.workplaces(), name);
}

RoundState* MutableRound(State& s, absl::string_view round_name) {
  auto it = s.mutable_rounds()->find(std::string(LastSegment(round_name)));
  return it == s.mutable_rounds()->end() ? nullptr : &it->second;
}

v1::Proposal* MutableProposal(State& s, absl::string_view proposal_name) {
  // "rounds/{round}/proposals/{id}"
  size_t first = proposal_name.find('/');
  size_t second = proposal_name.find('/', first + 1);
  if (first == absl::string_view::npos || second == absl::string_view::npos) return nullptr;
  auto r =
      s.mutable_rounds()->find(std::string(proposal_name.substr(first + 1, second - first - 1)));
  if (r == s.mutable_rounds()->end()) return nullptr;
  auto p = r->second.mutable_proposals()->find(std::string(LastSegment(proposal_name)));
  return p == r->second.mutable_proposals()->end() ? nullptr : &p->second;
}

bool HasRole(const v1::Principal& p, v1::Role role) {
  for (int r : p.roles()) {
    if (r == role) return true;
  }
  return false;
}

int64_t AmountFor(const v1::Proposal& p, int year) {
  if (year == 0) return p.content().full_implementation_kr();
  // A year may have one line per expenditure type; its effect is their sum.
  int64_t sum = 0;
  for (const auto& e : p.content().effects()) {
    if (e.year() == year) sum += e.amount_kr();
  }
  return sum;
}

}  // namespace budget
