// Development agreements, dialogue meetings and committee cases (seed 003;
// rules 7, 31, 32) through the real writer and store.
#include "budget/v1/agreement_service.pb.h"
#include "services/audit/processes_as_of.h"
#include "services/domain/agreements.h"
#include "tests/services/harness.h"

namespace budget::testing {
namespace {

constexpr char kCommittee[] = "committees/socialudvalget";
constexpr char kPlejecenter[] = "workplaces/skaelskoer-plejecenter";
constexpr char kEnghaven[] = "workplaces/bofaellesskab-enghaven";

v1::AgreementTerms Terms(int goals) {
  v1::AgreementTerms t;
  for (int i = 1; i <= goals; ++i) {
    v1::AgreementGoal* g = t.add_goals();
    g->set_id(absl::StrCat("maal-", i));
    g->set_title(absl::StrCat("Mål ", i));
    g->set_indicator("sygefravær i %");
    g->set_target("under 6 %");
  }
  t.add_shared_goals("Ressourcepolitik mål 2: Reduceret sygefravær");
  t.set_first_year(2024);
  t.set_last_year(2025);
  return t;
}

class AgreementTest : public Harness {
 protected:
  void SetUp() override { clock_.Set(At(2024, 1, 10)); }

  v1::Principal Workplace(const std::string& body) {
    return MakePrincipal("users/leder", v1::ROLE_HEARING_BODY, "", body);
  }

  std::string Draft(int goals = 2) {
    v1::DraftAgreementRequest r;
    r.set_committee(kCommittee);
    r.set_workplace(kPlejecenter);
    r.set_title("Udviklingsaftale Skælskør Plejecenter");
    *r.mutable_terms() = Terms(goals);
    return Ok(Make(who_.coordinator, &Command::mutable_draft_agreement, r)).agreement().name();
  }

  Command Sign(const std::string& agreement, v1::AgreementParty party, int64_t version) {
    v1::SignAgreementRequest r;
    r.set_agreement(agreement);
    r.set_party(party);
    r.set_version(version);
    *r.mutable_date() = MakeDate(2024, 2, 1);
    return party == v1::AGREEMENT_PARTY_COMMITTEE
               ? Make(who_.social, &Command::mutable_sign_agreement, r)
               : Make(Workplace(kPlejecenter), &Command::mutable_sign_agreement, r);
  }

  Command FollowUp(const std::string& agreement, int year, const std::string& goal) {
    v1::FollowUpGoalRequest r;
    r.set_agreement(agreement);
    r.set_year(year);
    r.set_goal(goal);
    r.set_reported_value("5,8 %");
    r.set_met(true);
    return Make(who_.coordinator, &Command::mutable_follow_up_goal, r);
  }
};

TEST_F(AgreementTest, DraftReviseWithDiffSignedByBothThenFollowedUpAndRenewed) {
  const std::string a = Draft();
  EXPECT_EQ(a, "agreements/A-0001");
  v1::ReviseAgreementRequest revise;
  revise.set_agreement(a);
  revise.set_expected_version(1);
  *revise.mutable_terms() = Terms(2);
  revise.mutable_terms()->mutable_goals(1)->set_target("under 5 %");
  revise.mutable_terms()->set_last_year(2026);
  const v1::DevelopmentAgreement revised =
      Ok(Make(who_.social, &Command::mutable_revise_agreement, revise)).agreement();
  ASSERT_EQ(revised.versions_size(), 2);
  ASSERT_EQ(revised.versions(1).changes_size(), 2);
  EXPECT_EQ(revised.versions(1).changes(0).field(), "goals[maal-2]");
  EXPECT_EQ(revised.versions(1).changes(0).new_value(), "Mål 2 (sygefravær i %: under 5 %)");
  EXPECT_EQ(revised.versions(1).changes(1).field(), "last_year");

  // Signing the old version is stale; each party signs for itself.
  Refused(Sign(a, v1::AGREEMENT_PARTY_COMMITTEE, 1), absl::StatusCode::kAborted, "");
  Command other = Sign(a, v1::AGREEMENT_PARTY_WORKPLACE, 2);
  *other.mutable_actor() = Workplace(kEnghaven);
  Refused(other, absl::StatusCode::kPermissionDenied, "acts neither for");
  EXPECT_EQ(Ok(Sign(a, v1::AGREEMENT_PARTY_COMMITTEE, 2)).agreement().status(),
            v1::AGREEMENT_PARTLY_SIGNED);
  // Rule 32: no follow-up before both signed.
  absl::Status s = Refusal(FollowUp(a, 2024, "maal-1"), absl::StatusCode::kFailedPrecondition,
                           "rule 32 (signed by both)");
  EXPECT_EQ(PreconditionOf(s).violations(0).type(), "RULE_32_SIGNED_BY_BOTH");
  EXPECT_EQ(Ok(Sign(a, v1::AGREEMENT_PARTY_WORKPLACE, 2)).agreement().status(),
            v1::AGREEMENT_IN_FORCE);
  // Signed terms are not revised.
  revise.set_expected_version(2);
  Refused(Make(who_.social, &Command::mutable_revise_agreement, revise),
          absl::StatusCode::kFailedPrecondition, "renew it instead");

  const v1::DevelopmentAgreement followed = Ok(FollowUp(a, 2024, "maal-1")).agreement();
  ASSERT_EQ(followed.follow_ups_size(), 1);
  EXPECT_EQ(followed.follow_ups(0).reported_value(), "5,8 %");
  Refused(FollowUp(a, 2024, "maal-1"), absl::StatusCode::kAlreadyExists, "");
  Refused(FollowUp(a, 2027, "maal-1"), absl::StatusCode::kInvalidArgument, "2024..2026");
  Refused(FollowUp(a, 2025, "maal-9"), absl::StatusCode::kNotFound, "");

  v1::EndAgreementRequest end;
  end.set_agreement(a);
  *end.mutable_date() = MakeDate(2026, 12, 31);
  end.set_reason("Fornyes med nye mål");
  end.set_renew(true);
  *end.mutable_renewal_terms() = Terms(1);
  const v1::CommandResponse renewed =
      Ok(Make(who_.coordinator, &Command::mutable_end_agreement, end));
  EXPECT_EQ(renewed.agreement().name(), "agreements/A-0002");
  EXPECT_EQ(renewed.agreement().renews(), a);
  EXPECT_EQ(renewed.event_count(), 2);
  v1::GetAgreementRequest get;
  get.set_name(a);
  EXPECT_EQ(GetAgreement(Published(), get, clock_.Now())->status(), v1::AGREEMENT_RENEWED);

  const State before = Published();
  Restart();
  Restart();
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(Published(), before));
}

TEST_F(AgreementTest, Rule31AFewGoals) {
  v1::DraftAgreementRequest r;
  r.set_committee(kCommittee);
  r.set_workplace(kPlejecenter);
  r.set_title("For mange mål");
  *r.mutable_terms() = Terms(6);
  absl::Status s = Refusal(Make(who_.coordinator, &Command::mutable_draft_agreement, r),
                           absl::StatusCode::kFailedPrecondition, "rule 31 (a few goals)");
  EXPECT_EQ(PreconditionOf(s).violations(0).type(), "RULE_31_FEW_GOALS");
}

TEST_F(AgreementTest, DialogueMeetingsPlannedPerYearShowWhoHadNone) {
  Draft();  // an agreement makes Skælskør Plejecenter one of the committee's workplaces
  v1::PlanDialogueMeetingsRequest plan;
  plan.set_committee(kCommittee);
  plan.set_year(2024);
  plan.add_workplaces(kEnghaven);
  plan.add_workplaces("workplaces/slagelse-sprogcenter");
  const v1::CommandResponse planned =
      Ok(Make(who_.coordinator, &Command::mutable_plan_dialogue_meetings, plan));
  EXPECT_EQ(planned.event_count(), 2);
  Refused(Make(who_.coordinator, &Command::mutable_plan_dialogue_meetings, plan),
          absl::StatusCode::kAlreadyExists, "already exists");

  v1::RecordDialogueMeetingRequest held;
  held.set_meeting("dialogue-meetings/D-0001");
  *held.mutable_date() = MakeDate(2024, 3, 12);
  held.set_place("Bofællesskabet Enghaven");
  held.set_at_workplace(true);
  held.add_participants("Socialudvalget");
  held.add_participants("Virksomhedsleder");
  held.set_presenter("Virksomhedsleder");
  held.add_minutes_references("SU 12.03.2024 pkt. 3");
  v1::DialogueQuestion* q = held.add_questions();
  q->set_text("Hvordan går det med rekrutteringen?");
  q->set_asked_by("Formanden");
  const v1::DialogueMeeting m =
      Ok(Make(who_.coordinator, &Command::mutable_record_dialogue_meeting, held))
          .dialogue_meeting();
  EXPECT_TRUE(m.held());
  EXPECT_EQ(m.questions(0).id(), "Q1");
  v1::AnswerDialogueQuestionRequest answer;
  answer.set_meeting(m.name());
  answer.set_question("Q1");
  answer.set_answer("Tre nye sygeplejersker fra 1. maj");
  EXPECT_EQ(Ok(Make(who_.case_worker, &Command::mutable_answer_dialogue_question, answer))
                .dialogue_meeting()
                .questions(0)
                .answered_by(),
            "users/anna");

  v1::GetDialogueYearRequest year;
  year.set_committee(kCommittee);
  year.set_year(2024);
  absl::StatusOr<v1::DialogueYear> y = GetDialogueYear(Published(), year, clock_.Now());
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(y->meetings_size(), 2);
  EXPECT_THAT(y->workplaces_without_meeting(),
              ::testing::ElementsAre(kPlejecenter, "workplaces/slagelse-sprogcenter"));
}

TEST_F(AgreementTest, Rule7ACommitteeCaseAfterTheWorkplaceWasHeard) {
  v1::RecordCommitteeCaseRequest r;
  r.set_committee(kCommittee);
  r.set_workplace(kPlejecenter);
  r.set_title("Ændret åbningstid i caféen");
  *r.mutable_meeting_date() = MakeDate(2024, 4, 9);
  r.set_presenter("Tina Hammer Darko");
  r.set_presenter_role(v1::PRESENTER_WORKPLACE_LEADER);
  absl::Status s = Refusal(Make(who_.social, &Command::mutable_record_committee_case, r),
                           absl::StatusCode::kFailedPrecondition, "no hearing is recorded");
  EXPECT_EQ(PreconditionOf(s).violations(0).type(), "RULE_7_HEAR_BEFORE_DECIDING");
  *r.mutable_heard()->mutable_date() = MakeDate(2024, 4, 10);
  r.mutable_heard()->set_how("Høringssvar fra lokal-MED");
  Refused(Make(who_.social, &Command::mutable_record_committee_case, r),
          absl::StatusCode::kFailedPrecondition, "it was heard on 2024-04-10");
  *r.mutable_heard()->mutable_date() = MakeDate(2024, 3, 20);
  const v1::CommitteeCase c =
      Ok(Make(who_.social, &Command::mutable_record_committee_case, r)).committee_case();
  EXPECT_EQ(c.presenter_role(), v1::PRESENTER_WORKPLACE_LEADER);
  EXPECT_EQ(c.recorded_by(), "users/soc");
  // Another committee's case is not this committee's to record.
  r.set_committee("committees/teknik-og-miljoeudvalget");
  Refused(Make(who_.social, &Command::mutable_record_committee_case, r),
          absl::StatusCode::kPermissionDenied, "");
}

}  // namespace
}  // namespace budget::testing
