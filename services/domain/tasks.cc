#include "services/domain/tasks.h"

#include <algorithm>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "services/domain/hearings.h"
#include "services/domain/names.h"
#include "services/domain/shortfall.h"
#include "services/domain/time_util.h"
#include "services/domain/timeline.h"

namespace budget {
namespace {

// The milestones that are meetings of ØK, and of Byrådet.
constexpr v1::MilestoneKind kFinanceCommitteeMeetings[] = {
    v1::MILESTONE_STRATEGY_DECIDED,
    v1::MILESTONE_EXPANSION_PROCESS_DECIDED,
    v1::MILESTONE_SELECTION_APPROVED,
    v1::MILESTONE_LAW_PROGRAMME,
    v1::MILESTONE_FIRST_READING_FINANCE_COMMITTEE,
    v1::MILESTONE_SECOND_READING_FINANCE_COMMITTEE,
};
constexpr v1::MilestoneKind kCouncilMeetings[] = {
    v1::MILESTONE_THEME_MEETING_NOVEMBER, v1::MILESTONE_THEME_MEETING_FEBRUARY,
    v1::MILESTONE_HMU_DIALOGUE_APRIL,     v1::MILESTONE_SELECTION_APPROVED,
    v1::MILESTONE_FIRST_READING_COUNCIL,  v1::MILESTONE_BUDGET_SEMINAR,
    v1::MILESTONE_SECOND_READING_COUNCIL,
};

// Rule 8's two dialogue meetings and the milestones they are held at.
struct Dialogue {
  v1::MeetingKind meeting;
  v1::MilestoneKind milestone;
  const char* what;
};
constexpr Dialogue kDialogues[] = {
    {v1::MEETING_HMU_DIALOGUE_APRIL, v1::MILESTONE_HMU_DIALOGUE_APRIL,
     "the April dialogue meeting with the council, before the selection"},
    {v1::MEETING_HMU_DIALOGUE_AUGUST, v1::MILESTONE_BUDGET_SEMINAR,
     "the August dialogue meeting with the council, at the budget seminar"},
};

class Tasks {
 public:
  Tasks(const RoundState& round, const v1::Principal& who, absl::Time now,
        v1::ListMyTasksResponse* out)
      : round_(round), rd_(round.round()), who_(who), now_(now), out_(out) {}

  void Collect() {
    Hearings();
    if (HasRole(who_, v1::ROLE_HMU)) Dialogues();
    if (HasRole(who_, v1::ROLE_COMMITTEE)) Shortfall();
    if (HasRole(who_, v1::ROLE_CASE_WORKER) || HasRole(who_, v1::ROLE_COORDINATOR)) Questions();
    if (HasRole(who_, v1::ROLE_COORDINATOR)) {
      for (const v1::Milestone& m : rd_.milestones()) Milestone(m.kind());
    } else {
      if (HasRole(who_, v1::ROLE_FINANCE_COMMITTEE)) {
        for (v1::MilestoneKind kind : kFinanceCommitteeMeetings) Milestone(kind);
      }
      if (HasRole(who_, v1::ROLE_COUNCIL)) {
        for (v1::MilestoneKind kind : kCouncilMeetings) Milestone(kind);
      }
    }
  }

 private:
  v1::Task* Add(v1::TaskKind kind, absl::string_view subject, std::string summary) {
    v1::Task* t = out_->add_tasks();
    t->set_kind(kind);
    t->set_round(rd_.name());
    t->set_subject(std::string(subject));
    t->set_summary(std::move(summary));
    return t;
  }

  void DueAt(v1::Task* t, v1::MilestoneKind kind) {
    if (const v1::Milestone* m = FindMilestone(rd_, kind); m != nullptr && m->has_planned_at()) {
      *t->mutable_due() = m->planned_at();
    }
  }

  const v1::Proposal* Find(absl::string_view name) const {
    auto it = round_.proposals().find(std::string(LastSegment(name)));
    return it == round_.proposals().end() ? nullptr : &it->second;
  }

  // Each open hearing's proposals the principal, as an invited body, has
  // not answered on; a workplace answers on the proposals concerning it.
  void Hearings() {
    for (const auto& [id, h] : round_.hearings()) {
      if (StateOf(h, now_) != v1::HEARING_OPEN) continue;
      for (const v1::HearingBody& body : h.bodies()) {
        if (!IsBody(who_, body.name())) continue;
        for (const std::string& name : h.proposals()) {
          const v1::Proposal* p = Find(name);
          if (p == nullptr || p->has_withdraw_time()) continue;
          if (body.kind() == v1::BODY_WORKPLACE &&
              std::find(p->content().workplaces().begin(), p->content().workplaces().end(),
                        body.name()) == p->content().workplaces().end()) {
            continue;
          }
          if (FindResponse(h, body.name(), name) != nullptr) continue;
          v1::Task* t = Add(v1::TASK_RESPOND_TO_HEARING, h.name(),
                            absl::StrCat("respond to hearing ", LastSegment(h.name()), " on ",
                                         LastSegment(name), " for ", body.name()));
          t->set_proposal(name);
          *t->mutable_due() = h.deadline();
        }
      }
    }
  }

  void Dialogues() {
    for (const Dialogue& dialogue : kDialogues) {
      const bool held =
          std::any_of(round_.meetings().begin(), round_.meetings().end(),
                      [&](const auto& m) { return m.second.kind() == dialogue.meeting; });
      const bool waived =
          dialogue.meeting == v1::MEETING_HMU_DIALOGUE_APRIL &&
          std::any_of(round_.waivers().begin(), round_.waivers().end(), [](const v1::Waiver& w) {
            return w.requirement() == v1::REQUIREMENT_HMU_DIALOGUE_APRIL;
          });
      if (held || waived) continue;
      v1::Task* t = Add(v1::TASK_DIALOGUE_MEETING, rd_.name(), dialogue.what);
      t->set_milestone(dialogue.milestone);
      DueAt(t, dialogue.milestone);
    }
  }

  // The committee's gap while it can still claim (rule 2, rule 4).
  void Shortfall() {
    const std::string name = ChildName(LastSegment(rd_.name()), kCommittees, who_.committee());
    const v1::Committee* c = FindCommittee(rd_, name);
    if (c == nullptr || rd_.has_pool() ||
        MilestonePassedAt(rd_, v1::MILESTONE_CLAIMS_DEADLINE, now_).has_value()) {
      return;
    }
    const int64_t gap = c->shortfall_kr() - ClaimedKr(round_, name);
    if (gap <= 0) return;
    v1::Task* t = Add(v1::TASK_COVER_SHORTFALL, name,
                      absl::StrCat("claim proposals for the remaining gap of ", gap,
                                   " kr. before the claims deadline"));
    t->set_amount_kr(gap);
    t->set_milestone(v1::MILESTONE_CLAIMS_DEADLINE);
    DueAt(t, v1::MILESTONE_CLAIMS_DEADLINE);
  }

  // The council's questions not answered: on the proposals the case worker
  // submitted; on every proposal for the coordinator.
  void Questions() {
    const bool every = HasRole(who_, v1::ROLE_COORDINATOR);
    for (const auto& [id, p] : round_.proposals()) {
      if (p.has_withdraw_time() || (!every && p.submitted_by() != who_.name())) continue;
      for (const v1::Question& q : p.questions()) {
        if (!q.answer().empty()) continue;
        v1::Task* t = Add(v1::TASK_ANSWER_QUESTION, q.name(),
                          absl::StrCat("answer question ", LastSegment(q.name()), " on ", id));
        t->set_proposal(p.name());
      }
    }
  }

  void Milestone(v1::MilestoneKind kind) {
    const v1::Milestone* m = FindMilestone(rd_, kind);
    if (m == nullptr || MilestonePassedAt(rd_, kind, now_).has_value()) return;
    v1::Task* t = Add(v1::TASK_MILESTONE, rd_.name(),
                      absl::StrCat(v1::MilestoneKind_Name(kind), " planned ",
                                   TimeString(FromProto(m->planned_at()))));
    t->set_milestone(kind);
    *t->mutable_due() = m->planned_at();
  }

  const RoundState& round_;
  const v1::Round& rd_;
  const v1::Principal& who_;
  const absl::Time now_;
  v1::ListMyTasksResponse* out_;
};

}  // namespace

absl::StatusOr<v1::ListMyTasksResponse> ListMyTasks(const State& s, const v1::ListMyTasksRequest& r,
                                                    const v1::Principal& who, absl::Time now) {
  std::vector<const RoundState*> rounds;
  if (!r.round().empty()) {
    absl::StatusOr<const RoundState*> round = RequireRound(s, r.round(), "round");
    if (!round.ok()) return round.status();
    rounds.push_back(*round);
  } else {
    for (const auto& [id, round] : s.rounds()) rounds.push_back(&round);
  }
  v1::ListMyTasksResponse out;
  for (const RoundState* round : rounds) {
    if (round->round().has_adoption()) continue;
    Tasks(*round, who, now, &out).Collect();
  }
  auto key = [](const v1::Task& t) {
    return std::make_tuple(!t.has_due(), t.due().seconds(), t.round(), t.subject(), t.proposal(),
                           static_cast<int>(t.milestone()));
  };
  std::sort(out.mutable_tasks()->begin(), out.mutable_tasks()->end(),
            [&](const v1::Task& a, const v1::Task& b) { return key(a) < key(b); });
  return out;
}

}  // namespace budget
