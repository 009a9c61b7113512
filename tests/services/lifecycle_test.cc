// The catalogue's lifecycle (issue 20 §2): a proposal starts as a draft, a
// centre head or the steering group marks it ready, the coordinator
// publishes the catalogue; hearings and claims take only ready proposals
// (rule 13); employees' suggestions are screened into drafts or declined;
// who sees what (visibility.h).
#include "absl/strings/match.h"
#include "services/domain/names.h"
#include "services/domain/summary.h"
#include "services/domain/views.h"
#include "services/domain/visibility.h"
#include "tests/services/harness.h"

namespace budget::testing {
namespace {

using ::testing::HasSubstr;

class LifecycleTest : public Harness {
 protected:
  void SetUp() override { CreateStrategyRound(); }

  Command MarkReady(const std::string& proposal, v1::ApproverCapacity capacity,
                    const std::string& centre = "") {
    v1::MarkProposalReadyRequest r;
    r.set_name(proposal);
    r.set_capacity(capacity);
    r.set_centre(centre);
    return Make(who_.coordinator, &Command::mutable_mark_proposal_ready, r);
  }
  Command Suggest(const v1::Principal& who, const std::string& title) {
    v1::SubmitSuggestionRequest r;
    r.set_parent(kRound);
    r.set_title(title);
    r.set_description("Beskrivelse fra en medarbejder.");
    r.set_estimated_effect_kr(200'000);
    return Make(who, &Command::mutable_submit_suggestion, r);
  }
  Command Accept(const std::string& suggestion, v1::ProposalContent content) {
    v1::ScreenSuggestionRequest r;
    r.set_name(suggestion);
    r.set_outcome(v1::SUGGESTION_ACCEPTED);
    content.set_submitter_kind(v1::SUBMITTER_EMPLOYEE);
    *r.mutable_content() = std::move(content);
    return Make(who_.coordinator, &Command::mutable_screen_suggestion, r);
  }
  Command Decline(const std::string& suggestion, const std::string& reason) {
    v1::ScreenSuggestionRequest r;
    r.set_name(suggestion);
    r.set_outcome(v1::SUGGESTION_DECLINED);
    r.set_reason(reason);
    return Make(who_.coordinator, &Command::mutable_screen_suggestion, r);
  }
  Command Hearing(const std::string& proposal) {
    v1::OpenHearingRequest r;
    r.set_round(kRound);
    r.set_title("Høring");
    r.add_proposals(proposal);
    v1::HearingBody* b = r.add_bodies();
    b->set_kind(v1::BODY_HMU);
    b->set_name("bodies/hmu");
    *r.mutable_deadline() = ToProto(clock_.Now() + absl::Hours(24 * 14));
    return Make(who_.coordinator, &Command::mutable_open_hearing, r);
  }
  // The proposals `reader` sees through the API's filter.
  std::vector<std::string> Seen(const v1::Principal& reader) {
    v1::ListProposalsRequest r;
    r.set_parent(kRound);
    auto list = processor_->Read([&](const State& s, absl::Time now) {
      State scratch;
      return ListProposals(VisibleState(s, reader, RoundOfRequest(r), &scratch), r, now);
    });
    EXPECT_TRUE(list.ok()) << list.status();
    std::vector<std::string> out;
    for (const v1::Proposal& p : list->proposals()) out.push_back(p.name());
    return out;
  }
  std::vector<v1::Suggestion> Suggestions(const v1::Principal& reader) {
    v1::ListSuggestionsRequest r;
    r.set_parent(kRound);
    auto list = processor_->Read(
        [&](const State& s, absl::Time now) { return ListSuggestions(s, r, reader, now); });
    EXPECT_TRUE(list.ok()) << list.status();
    return {list->suggestions().begin(), list->suggestions().end()};
  }

  v1::Principal employee_ = MakePrincipal("users/mette", v1::ROLE_EMPLOYEE);
  v1::Principal public_ = MakePrincipal("", v1::ROLE_PUBLIC);
};

TEST_F(LifecycleTest, AProposalStartsAsADraftAndIsMarkedReadyByACentreHead) {
  v1::ProposalContent c = Content("Sammenlægning af bofællesskaber", {kSocial}, 2'000'000);
  c.add_centres(kHandicapCentre);
  const std::string p = SubmitDraft(c);
  EXPECT_EQ(Get(p).stage(), v1::PROPOSAL_DRAFT);
  clock_.Set(clock_.Now() + absl::Hours(1));
  Ok(MarkReady(p, v1::APPROVER_CENTRE_HEAD, kHandicapCentre));
  v1::Proposal ready = Get(p);
  EXPECT_EQ(ready.stage(), v1::PROPOSAL_READY);
  EXPECT_EQ(ready.ready().capacity(), v1::APPROVER_CENTRE_HEAD);
  EXPECT_EQ(ready.ready().centre(), kHandicapCentre);
  EXPECT_EQ(ready.ready().approved_by(), "users/cko");
  EXPECT_EQ(ready.ready().version(), 1);
  EXPECT_EQ(FromProto(ready.ready().approve_time()), clock_.Now());
  Refused(MarkReady(p, v1::APPROVER_STEERING_GROUP), absl::StatusCode::kFailedPrecondition,
          "is already marked ready");
}

TEST_F(LifecycleTest, ACentreHeadApprovesOnlyForACentreTheProposalConcerns) {
  const std::string p = SubmitDraft(Content("Færre vikartimer", {kSocial}, 1'000'000));
  absl::Status s = Refusal(MarkReady(p, v1::APPROVER_CENTRE_HEAD, kSchoolCentre),
                           absl::StatusCode::kFailedPrecondition, "is not among its centres");
  EXPECT_EQ(PreconditionOf(s).violations(0).type(), "CENTRE_NOT_CONCERNED");
  Refused(MarkReady(p, v1::APPROVER_CENTRE_HEAD), absl::StatusCode::kInvalidArgument, "centre");
  Refused(MarkReady(p, v1::APPROVER_CAPACITY_UNSPECIFIED), absl::StatusCode::kInvalidArgument,
          "capacity");
}

TEST_F(LifecycleTest, ReadyNeedsCitizenConsequences) {
  v1::ProposalContent c = Content("Uden konsekvenser", {kSocial}, 1'000'000);
  c.clear_citizen_consequences();
  const std::string p = SubmitDraft(c);
  absl::Status s =
      Refusal(MarkReady(p, v1::APPROVER_STEERING_GROUP), absl::StatusCode::kFailedPrecondition,
              "Expected content.citizen_consequences to be stated");
  EXPECT_EQ(PreconditionOf(s).violations(0).type(), "CONTENT_INCOMPLETE");
  EXPECT_EQ(Get(p).stage(), v1::PROPOSAL_DRAFT);
}

TEST_F(LifecycleTest, ReadyNeedsStaffConsequencesOnlyWithStaffEffects) {
  v1::ProposalContent with = Content("Færre stillinger", {kSocial}, 1'000'000);
  with.clear_staff_consequences();  // 1,5 FTE fewer, nothing said about it
  const std::string p = SubmitDraft(with);
  Refused(MarkReady(p, v1::APPROVER_STEERING_GROUP), absl::StatusCode::kFailedPrecondition,
          "Expected content.staff_consequences to be stated");
  v1::ProposalContent without = Content("Billigere indkøb", {kSocial}, 1'000'000);
  without.clear_staff_consequences();
  without.clear_staff_reduction_fte_hundredths();
  Ok(MarkReady(SubmitDraft(without), v1::APPROVER_STEERING_GROUP));
}

TEST_F(LifecycleTest, AReadyProposalKeepsItsConsequencesWhenAmended) {
  const std::string ready = Submit(Content("Klar", {kSocial}, 1'000'000));
  const std::string draft = SubmitDraft(Content("Kladde", {kSocial}, 1'000'000));
  auto erase = [&](const std::string& name) {
    v1::AmendProposalRequest r;
    r.set_name(name);
    r.set_expected_version(1);
    r.mutable_update_mask()->add_paths("citizen_consequences");
    return Make(who_.case_worker, &Command::mutable_amend_proposal, r);
  };
  Refused(erase(ready), absl::StatusCode::kFailedPrecondition,
          "Expected content.citizen_consequences to be stated");
  Ok(erase(draft));
}

// 004 §1: the catalogue is finished by the deadline, so marking ready closes
// with GATE_SUBMISSION (the coordinator can reopen it); publishing does not.
TEST_F(LifecycleTest, MarkingReadyClosesAtTheCatalogueDeadlinePublishingDoesNot) {
  const std::string early = Submit(Content("Klar i tide", {kSocial}, 1'000'000));
  const std::string late = SubmitDraft(Content("For sent", {kSocial}, 1'000'000));
  clock_.Set(CatalogueDeadline());
  absl::Status s = Refusal(MarkReady(late, v1::APPROVER_STEERING_GROUP),
                           absl::StatusCode::kFailedPrecondition, "GATE_SUBMISSION");
  EXPECT_EQ(PreconditionOf(s).violations(0).type(), "GATE_SUBMISSION");
  v1::CommandResponse published = Ok(PublishCommand());
  EXPECT_EQ(published.round().publications(0).proposals().size(), 1);
  EXPECT_EQ(Get(early).stage(), v1::PROPOSAL_PUBLISHED);
  EXPECT_EQ(Get(late).stage(), v1::PROPOSAL_DRAFT);
  Ok(OverrideGateCommand(v1::GATE_SUBMISSION, v1::GATE_MODE_FORCED_OPEN, "Et forslag mangler"));
  Ok(MarkReady(late, v1::APPROVER_STEERING_GROUP));
}

TEST_F(LifecycleTest, PublishingTakesTheReadyProposalsInEditions) {
  Refused(PublishCommand(), absl::StatusCode::kFailedPrecondition,
          "Expected a proposal marked ready and not yet published, but rounds/2024 has none");
  const std::string a = Submit(Content("A", {kSocial}, 1'000'000));
  const std::string draft = SubmitDraft(Content("Kladde", {kSocial}, 1'000'000));
  clock_.Set(clock_.Now() + absl::Hours(1));
  Ok(PublishCommand());
  EXPECT_EQ(Get(a).stage(), v1::PROPOSAL_PUBLISHED);
  EXPECT_EQ(FromProto(Get(a).publish_time()), clock_.Now());
  EXPECT_EQ(Get(draft).stage(), v1::PROPOSAL_DRAFT);
  Refused(PublishCommand(), absl::StatusCode::kFailedPrecondition, "has none");
  Ok(MarkReadyCommand(draft));
  v1::Round r = Ok(PublishCommand()).round();
  ASSERT_EQ(r.publications_size(), 2);
  EXPECT_EQ(r.publications(1).edition(), 2);
  EXPECT_THAT(r.publications(1).proposals(), ::testing::ElementsAre(draft));
  EXPECT_EQ(r.publications(1).published_by(), "users/cko");
}

TEST_F(LifecycleTest, Rule13HearingsAndClaimsTakeOnlyReadyProposals) {
  const std::string draft = SubmitDraft(Content("Kladde", {kSocial}, 1'000'000));
  absl::Status s = Refusal(Hearing(draft), absl::StatusCode::kFailedPrecondition,
                           "rule 13 (handled once ready): Expected a proposal marked ready or "
                           "published, but " +
                               draft + " is a draft");
  EXPECT_EQ(PreconditionOf(s).violations(0).type(), "RULE_13_READY_BEFORE_HANDLING");
  Ok(MarkReadyCommand(draft));
  Ok(Hearing(draft));

  const std::string other = SubmitDraft(Content("Anden kladde", {kSocial}, 1'000'000));
  clock_.Set(CatalogueDeadline() + absl::Hours(1));
  Refused(ClaimCommand(who_.social, other, kSocial), absl::StatusCode::kFailedPrecondition,
          "rule 13");
  // A draft is not in the catalogue, so not in the pool either.
  clock_.Set(ClaimsDeadline());
  Tick();
  EXPECT_THAT(Published().rounds().at("2024").round().pool().proposals(),
              ::testing::Not(::testing::Contains(other)));
}

TEST_F(LifecycleTest, AnEmployeesSuggestionIsScreenedIntoALinkedDraft) {
  const std::string s = Ok(Suggest(employee_, "Fælles vagtplan")).suggestion().name();
  EXPECT_EQ(s, "rounds/2024/suggestions/S-0001");
  EXPECT_EQ(Published().rounds().at("2024").proposals_size(), 0);  // never the catalogue itself
  v1::Suggestion queued = Suggestions(employee_).at(0);
  EXPECT_EQ(queued.status(), v1::SUGGESTION_SUBMITTED);
  EXPECT_EQ(queued.submitted_by(), "users/mette");

  v1::CommandResponse r = Ok(Accept(s, Content("Fælles vagtplan", {kSocial}, 300'000)));
  EXPECT_EQ(r.suggestion().status(), v1::SUGGESTION_ACCEPTED);
  const std::string p = r.suggestion().proposal();
  EXPECT_EQ(p, "rounds/2024/proposals/P-0001");
  EXPECT_EQ(Get(p).stage(), v1::PROPOSAL_DRAFT);
  EXPECT_EQ(Get(p).suggestion(), s);
  EXPECT_EQ(Get(p).content().submitter_kind(), v1::SUBMITTER_EMPLOYEE);
  // The submitter sees what became of it.
  v1::Suggestion seen = Suggestions(employee_).at(0);
  EXPECT_EQ(seen.status(), v1::SUGGESTION_ACCEPTED);
  EXPECT_EQ(seen.proposal(), p);
  EXPECT_EQ(seen.screened_by(), "users/cko");
  Refused(Decline(s, "For sent"), absl::StatusCode::kFailedPrecondition, "was accepted already");
}

TEST_F(LifecycleTest, ADeclinedSuggestionCarriesItsReasonAndOnlyItsSubmitterSeesIt) {
  const std::string s = Ok(Suggest(employee_, "Lukke kantinen")).suggestion().name();
  v1::Principal colleague = MakePrincipal("users/jens", v1::ROLE_EMPLOYEE);
  Ok(Suggest(colleague, "Færre møder"));
  Refused(Decline(s, ""), absl::StatusCode::kInvalidArgument, "reason");
  Ok(Decline(s, "Kantinen drives af en ekstern leverandør."));
  std::vector<v1::Suggestion> own = Suggestions(employee_);
  ASSERT_EQ(own.size(), 1u);
  EXPECT_EQ(own[0].status(), v1::SUGGESTION_DECLINED);
  EXPECT_EQ(own[0].decline_reason(), "Kantinen drives af en ekstern leverandør.");
  EXPECT_EQ(own[0].proposal(), "");
  EXPECT_EQ(Suggestions(colleague).size(), 1u);
  EXPECT_EQ(Suggestions(who_.coordinator).size(), 2u);
  EXPECT_EQ(Published().rounds().at("2024").proposals_size(), 0);
}

TEST_F(LifecycleTest, ScreeningIsCheckedFieldByField) {
  const std::string s = Ok(Suggest(employee_, "Idé")).suggestion().name();
  v1::ProposalContent admin = Content("Idé", {kSocial}, 1);
  v1::ScreenSuggestionRequest r;
  r.set_name(s);
  r.set_outcome(v1::SUGGESTION_ACCEPTED);
  *r.mutable_content() = admin;
  absl::Status st = Refusal(Make(who_.coordinator, &Command::mutable_screen_suggestion, r),
                            absl::StatusCode::kInvalidArgument, "SUBMITTER_EMPLOYEE");
  EXPECT_THAT(BadRequestOf(st), HasViolation("content.submitter_kind"));
  r.clear_outcome();
  Refused(Make(who_.coordinator, &Command::mutable_screen_suggestion, r),
          absl::StatusCode::kInvalidArgument, "outcome");
  Refused(Suggest(employee_, ""), absl::StatusCode::kInvalidArgument, "title");
  Refused(Decline("rounds/2024/suggestions/S-0009", "Nej"), absl::StatusCode::kNotFound, "S-0009");
  clock_.Set(CatalogueDeadline());
  Refused(Suggest(employee_, "For sent"), absl::StatusCode::kFailedPrecondition, "GATE_SUBMISSION");
  Refused(Accept(s, Content("Idé", {kSocial}, 1)), absl::StatusCode::kFailedPrecondition,
          "GATE_SUBMISSION");
  Ok(Decline(s, "Kataloget er lukket."));
}

TEST_F(LifecycleTest, DraftsAreSeenByTheAdministrationAndHmuItsOwn) {
  const std::string ready = Submit(Content("Klar", {kSocial}, 1'000'000));
  const std::string draft = SubmitDraft(Content("Kladde", {kSocial}, 1'000'000));
  v1::ProposalContent own = Content("HMU's kladde", {kSocial}, 1'000'000);
  own.set_submitter_kind(v1::SUBMITTER_HMU);
  v1::SubmitProposalRequest r;
  r.set_parent(kRound);
  *r.mutable_content() = own;
  const std::string hmu =
      Ok(Make(who_.hmu, &Command::mutable_submit_proposal, r)).proposal().name();
  using ::testing::ElementsAre;
  EXPECT_THAT(Seen(who_.case_worker), ElementsAre(ready, draft, hmu));
  EXPECT_THAT(Seen(who_.coordinator), ElementsAre(ready, draft, hmu));
  EXPECT_THAT(Seen(who_.auditor), ElementsAre(ready, draft, hmu));
  EXPECT_THAT(Seen(who_.social), ElementsAre(ready));
  EXPECT_THAT(Seen(who_.council), ElementsAre(ready));
  EXPECT_THAT(Seen(who_.hmu), ElementsAre(ready, hmu));
  EXPECT_THAT(Seen(public_), ::testing::IsEmpty());  // nothing published yet
  EXPECT_THAT(Seen(employee_), ::testing::IsEmpty());
  Ok(PublishCommand());
  EXPECT_THAT(Seen(public_), ElementsAre(ready));
  EXPECT_THAT(Seen(employee_), ElementsAre(ready));
  // A draft the reader may not see is not found, as if it did not exist.
  v1::GetProposalRequest get;
  get.set_name(draft);
  absl::Status s = processor_->Read([&](const State& st, absl::Time now) {
    State scratch;
    return GetProposal(VisibleState(st, who_.social, RoundOfRequest(get), &scratch), get, now)
        .status();
  });
  EXPECT_EQ(s.code(), absl::StatusCode::kNotFound);
}

// ØK's recommendation names, for the public, only published proposals, as
// the pool does.
TEST_F(LifecycleTest, ThePublicSeesOnlyPublishedProposalsInOeksRecommendation) {
  const std::string published = Submit(Content("Offentligt forslag", {kSocial}, 4'000'000));
  Ok(PublishCommand());
  const std::string unpublished =
      Submit(Content("Klar, ikke offentliggjort", {kSocial}, 2'000'000));
  clock_.Set(ProposalsPresented() + absl::Hours(1));
  Tick();
  for (const std::string& p : {published, unpublished}) {
    v1::SelectFromPoolRequest select;
    select.set_proposal(p);
    Ok(Make(who_.finance_committee, &Command::mutable_select_from_pool, select));
  }
  RecordMeeting(v1::MEETING_HMU_DIALOGUE_APRIL, MakeDate(2023, 4, 20));
  Ok(RecommendCommand(MakeDate(2023, 5, 24)));
  processor_->Read([&](const State& st, absl::Time) {
    State scratch;
    const v1::Round& seen = VisibleState(st, public_, kRound, &scratch).rounds().at("2024").round();
    EXPECT_THAT(seen.selection_recommendation().proposals(), ::testing::ElementsAre(published));
    EXPECT_TRUE(seen.selection_recommendation().recommended_by().empty());
    EXPECT_EQ(st.rounds().at("2024").round().selection_recommendation().proposals_size(), 2);
    return 0;
  });
}

// The public sees the published catalogue, the timeline and the totals over
// it, and no person: no principal's name, no hearing response, no draft.
TEST_F(LifecycleTest, ThePublicViewHoldsNoPersonalData) {
  const std::string claimed = Submit(Content("Offentligt forslag", {kSocial}, 4'000'000));
  Submit(Content("Endnu et forslag", {kSocial}, 2'000'000));
  SubmitDraft(Content("Hemmelig kladde", {kSocial}, 9'000'000));
  Ok(Hearing(claimed));
  v1::SubmitResponseRequest response;
  response.set_hearing("rounds/2024/hearings/H-0001");
  response.set_proposal(claimed);
  response.set_body("bodies/hmu");
  response.set_stance(v1::STANCE_OBJECTS);
  response.set_text("Anne Hansen fra HMU er imod.");
  Ok(Make(who_.hmu, &Command::mutable_submit_response, response));
  Ok(OverrideGateCommand(v1::GATE_CLAIMS, v1::GATE_MODE_FORCED_OPEN, "Tidlig start"));
  Ok(ClaimCommand(who_.social, claimed, kSocial));
  Ok(PublishCommand());

  std::string everything;
  processor_->Read([&](const State& st, absl::Time now) {
    State scratch;
    const State& seen = VisibleState(st, public_, "", &scratch);
    v1::GetRoundRequest round;
    round.set_name(kRound);
    v1::ListProposalsRequest list;
    list.set_parent(kRound);
    v1::GetRoundSummaryRequest summary;
    summary.set_round(kRound);
    absl::StatusOr<v1::ListProposalsResponse> proposals = ListProposals(seen, list, now);
    absl::StatusOr<v1::RoundSummary> totals = GetRoundSummary(seen, summary, now);
    EXPECT_EQ(proposals->proposals_size(), 2);
    // The totals count the published catalogue, not the draft.
    EXPECT_EQ(totals->full_implementation().catalogue_kr(), 6'000'000);
    everything = GetRound(seen, round, now)->SerializeAsString() + proposals->SerializeAsString() +
                 totals->SerializeAsString();
    return 0;
  });
  EXPECT_FALSE(absl::StrContains(everything, "users/")) << "a principal's name is visible";
  EXPECT_FALSE(absl::StrContains(everything, "Anne Hansen")) << "a hearing response is visible";
  EXPECT_FALSE(absl::StrContains(everything, "Hemmelig kladde")) << "a draft is visible";
  EXPECT_TRUE(absl::StrContains(everything, "Offentligt forslag"));
  EXPECT_TRUE(absl::StrContains(everything, "Tidlig start"));  // the timeline, without its author
}

TEST(VisibilityTest, AReadOfOneRoundLooksAtThatRoundAlone) {
  // A committee's read of one round must not copy every round of the log
  // because another round holds a draft it may not see.
  State s;
  v1::Proposal& draft = (*(*s.mutable_rounds())["2024"].mutable_proposals())["P-0001"];
  draft.set_name("rounds/2024/proposals/P-0001");
  draft.set_stage(v1::PROPOSAL_DRAFT);
  v1::Proposal& ready = (*(*s.mutable_rounds())["2025"].mutable_proposals())["P-0001"];
  ready.set_name("rounds/2025/proposals/P-0001");
  ready.set_stage(v1::PROPOSAL_READY);
  v1::Principal committee;
  committee.set_name("users/social");
  committee.add_roles(v1::ROLE_COMMITTEE);
  State scratch;
  EXPECT_EQ(&VisibleState(s, committee, "rounds/2025", &scratch), &s);
  const State& one = VisibleState(s, committee, "rounds/2024", &scratch);
  ASSERT_EQ(&one, &scratch);
  EXPECT_EQ(one.rounds_size(), 1);
  EXPECT_TRUE(one.rounds().at("2024").proposals().empty());
  // A read that names no round sees every round, filtered.
  const State& all = VisibleState(s, committee, "", &scratch);
  ASSERT_EQ(all.rounds_size(), 2);
  EXPECT_TRUE(all.rounds().at("2024").proposals().empty());
  EXPECT_EQ(all.rounds().at("2025").proposals_size(), 1);
  v1::GetProposalRequest get;
  get.set_name("rounds/2025/proposals/P-0001");
  EXPECT_EQ(RoundOfRequest(get), "rounds/2025");
}

}  // namespace
}  // namespace budget::testing
