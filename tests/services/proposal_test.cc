// ProposalService through the single writer: the catalogue.
#include "google/protobuf/util/field_mask_util.h"
#include "services/domain/validate.h"
#include "services/domain/views.h"
#include "tests/services/harness.h"

namespace budget::testing {
namespace {

using ::testing::HasSubstr;

class ProposalTest : public Harness {
 protected:
  void SetUp() override { CreateStrategyRound(); }

  Command AmendCommand(const std::string& name, int64_t expected, v1::ProposalContent content,
                       std::vector<std::string> paths) {
    v1::AmendProposalRequest r;
    r.set_name(name);
    r.set_expected_version(expected);
    *r.mutable_content() = std::move(content);
    for (auto& p : paths) r.mutable_update_mask()->add_paths(p);
    return Make(who_.case_worker, &Command::mutable_amend_proposal, r);
  }

  Command WithdrawCommand(const std::string& name) {
    v1::WithdrawProposalRequest r;
    r.set_name(name);
    r.set_reason("Erstattet af et bedre forslag");
    return Make(who_.case_worker, &Command::mutable_withdraw_proposal, r);
  }
};

TEST_F(ProposalTest, SubmitAssignsIdsAndDerivesCrossCutting) {
  std::string a = Submit("Sammenlægning af to bofællesskaber", {kSocial}, 2'500'000);
  std::string b = Submit("Nedbringelse af sygefravær", {kSocial, kChildren, kTechnical}, 6'000'000);
  EXPECT_EQ(a, "rounds/2024/proposals/P-0001");
  EXPECT_EQ(b, "rounds/2024/proposals/P-0002");
  v1::Proposal pa = Get(a), pb = Get(b);
  EXPECT_FALSE(pa.cross_cutting());
  EXPECT_TRUE(pb.cross_cutting());
  EXPECT_EQ(pa.version(), 1);
  EXPECT_EQ(pa.status(), v1::PROPOSAL_SUBMITTED);
  EXPECT_EQ(pa.submitted_by(), "users/anna");
  EXPECT_EQ(pa.content().full_implementation_kr(), 2'500'000);
  EXPECT_EQ(pa.content().staff_reduction_fte_hundredths(), 150);
  EXPECT_EQ(FromProto(pa.create_time()), clock_.Now());
}

TEST_F(ProposalTest, SubmissionGateOneSecondBeforeAndAfter) {
  clock_.Set(WorkStarted() - absl::Seconds(1));
  absl::Status s = Refusal(SubmitCommand(Content("For tidligt", {kSocial}, 1)),
                           absl::StatusCode::kFailedPrecondition,
                           "the submission phase (GATE_SUBMISSION) is not open until "
                           "MILESTONE_WORK_STARTED on 2022-08-31 22:00:00 UTC");
  google::rpc::PreconditionFailure pf = PreconditionOf(s);
  ASSERT_EQ(pf.violations_size(), 1);
  EXPECT_EQ(pf.violations(0).type(), "GATE_SUBMISSION");
  EXPECT_EQ(pf.violations(0).subject(), kRound);

  clock_.Set(WorkStarted());
  Ok(SubmitCommand(Content("Lige til tiden", {kSocial}, 1)));

  // 004 §1: the catalogue is finished by April.
  clock_.Set(CatalogueDeadline() - absl::Seconds(1));
  Ok(SubmitCommand(Content("Sidste øjeblik", {kSocial}, 1)));
  clock_.Set(CatalogueDeadline());
  Refused(SubmitCommand(Content("For sent", {kSocial}, 1)), absl::StatusCode::kFailedPrecondition,
          "is closed since MILESTONE_CATALOGUE_DEADLINE passed on 2023-03-31 22:00:00 UTC");
}

TEST_F(ProposalTest, CatalogueDeadlineClosesWithdrawalOneSecondBeforeAndAfter) {
  const std::string a = Ok(SubmitCommand(Content("A", {kSocial}, 1'000'000))).proposal().name();
  const std::string b = Ok(SubmitCommand(Content("B", {kSocial}, 1'000'000))).proposal().name();
  clock_.Set(CatalogueDeadline() - absl::Seconds(1));
  Ok(WithdrawCommand(a));
  clock_.Set(CatalogueDeadline());
  absl::Status s = Refusal(WithdrawCommand(b), absl::StatusCode::kFailedPrecondition,
                           "the submission phase (GATE_SUBMISSION) is closed since "
                           "MILESTONE_CATALOGUE_DEADLINE passed on 2023-03-31 22:00:00 UTC");
  EXPECT_EQ(PreconditionOf(s).violations(0).type(), "GATE_SUBMISSION");
}

TEST_F(ProposalTest, AfterTheCatalogueDeadlineAmountsFreezeAndTextStaysAmendable) {
  const std::string name =
      Ok(SubmitCommand(Content("Færre vikarer", {kSocial}, 2'000'000))).proposal().name();
  v1::ProposalContent change = Content("Færre vikarer", {kSocial}, 3'000'000);
  change.set_citizen_consequences("Borgerne mærker det ikke.");
  clock_.Set(CatalogueDeadline() - absl::Seconds(1));
  Ok(AmendCommand(name, 1, change, {"full_implementation_kr"}));
  clock_.Set(CatalogueDeadline());
  change.set_full_implementation_kr(1'000'000);
  absl::Status s = Refusal(
      AmendCommand(name, 2, change,
                   {"citizen_consequences", "effects", "full_implementation_kr", "committees"}),
      absl::StatusCode::kFailedPrecondition,
      "Expected content.effects, content.full_implementation_kr, "
      "content.committees to be amendable, but the amounts and organisational "
      "fields of a proposal are frozen while the submission phase "
      "(GATE_SUBMISSION) is closed since MILESTONE_CATALOGUE_DEADLINE passed "
      "on 2023-03-31 22:00:00 UTC");
  EXPECT_EQ(PreconditionOf(s).violations(0).type(), "GATE_SUBMISSION");
  EXPECT_EQ(PreconditionOf(s).violations(0).subject(), name);
  // Text fields stay amendable.
  v1::CommandResponse r =
      Ok(AmendCommand(name, 2, change, {"title", "description", "citizen_consequences"}));
  EXPECT_EQ(r.proposal().version(), 3);
  EXPECT_EQ(r.proposal().content().full_implementation_kr(), 3'000'000);
  EXPECT_EQ(r.proposal().content().citizen_consequences(), "Borgerne mærker det ikke.");
  // The coordinator's override, with its reason and as an event, reopens them.
  const uint64_t before = Head();
  Ok(OverrideGateCommand(v1::GATE_SUBMISSION, v1::GATE_MODE_FORCED_OPEN,
                         "Regnefejl i forslaget rettes"));
  EXPECT_EQ(Head(), before + 1);
  r = Ok(AmendCommand(name, 3, change, {"full_implementation_kr"}));
  EXPECT_EQ(r.proposal().content().full_implementation_kr(), 1'000'000);
}

TEST_F(ProposalTest, ContentIsValidatedFieldByField) {
  v1::ProposalContent c = Content("", {}, -5);
  c.set_title("");
  c.set_category(static_cast<v1::ProposalCategory>(77));
  c.add_committees("rounds/2024/committees/Socialudvalget");
  c.mutable_effects(0)->set_amount_kr(-kMaxAmountKr - 1);
  c.mutable_effects(1)->set_year(2024);
  c.set_full_implementation_kr(kMaxAmountKr + 1);
  *c.mutable_implementation_start() = MakeDate(2024, 2, 30);
  c.set_staff_reduction_fte_hundredths(-1);
  c.set_submitter_kind(v1::SUBMITTER_KIND_UNSPECIFIED);
  absl::Status s =
      Refusal(SubmitCommand(c), absl::StatusCode::kInvalidArgument, "invalid content.title");
  google::rpc::BadRequest bad = BadRequestOf(s);
  for (const char* field : {"content.title", "content.category", "content.committees[0]",
                            "content.effects[0].amount_kr", "content.effects[1].year",
                            "content.full_implementation_kr", "content.implementation_start",
                            "content.staff_reduction_fte_hundredths", "content.submitter_kind"}) {
    EXPECT_THAT(bad, HasViolation(field));
  }
}

TEST_F(ProposalTest, LimitsAtTheirEdges) {
  v1::ProposalContent c = Content(std::string(200, 'x'), {kSocial}, kMaxAmountKr);
  c.set_title(std::string(200, 'a'));
  Ok(SubmitCommand(c));
  // 200 characters, counted as characters, not bytes.
  c.set_title(std::string(100, 'a') + [] {
    std::string s;
    for (int i = 0; i < 100; ++i) s += "æ";
    return s;
  }());
  Ok(SubmitCommand(c));
  c.set_title(std::string(201, 'a'));
  Refused(SubmitCommand(c), absl::StatusCode::kInvalidArgument,
          "is 201 characters; the limit is 200");
  c.set_title("ok");
  c.set_description(std::string(1 << 20, 'd'));
  Refused(SubmitCommand(c), absl::StatusCode::kInvalidArgument, "invalid content.description");
  c.set_description(std::string("\xff\xfe", 2));
  Refused(SubmitCommand(c), absl::StatusCode::kInvalidArgument, "is not valid UTF-8");
}

TEST_F(ProposalTest, ReferencesMustExistInTheRoundAndYearsInThePeriod) {
  Refused(SubmitCommand(Content("Ukendt udvalg", {"rounds/2024/committees/kulturudvalget"}, 1)),
          absl::StatusCode::kNotFound, "committee rounds/2024/committees/kulturudvalget");
  v1::ProposalContent c = Content("Forkert år", {kSocial}, 1);
  c.mutable_effects(3)->set_year(2028);
  absl::Status s = Refusal(SubmitCommand(c), absl::StatusCode::kInvalidArgument,
                           "must lie in the period 2024..2027, got 2028");
  EXPECT_THAT(BadRequestOf(s), HasViolation("content.effects[3].year"));
  c = Content("Ukendt arbejdsplads", {kSocial}, 1);
  c.add_workplaces("rounds/2024/workplaces/ingen");
  Refused(SubmitCommand(c), absl::StatusCode::kNotFound, "workplace rounds/2024/workplaces/ingen");
  c = Content("Anden runde", {"rounds/2023/committees/socialudvalget"}, 1);
  Refused(SubmitCommand(c), absl::StatusCode::kNotFound, "rounds/2023/committees/socialudvalget");
}

TEST_F(ProposalTest, HmuSubmitterKindNeedsHmu) {
  v1::ProposalContent c = Content("Forslag fra HMU", {kSocial}, 1);
  c.set_submitter_kind(v1::SUBMITTER_HMU);
  Refused(SubmitCommand(c), absl::StatusCode::kPermissionDenied, "ROLE_HMU");
  v1::SubmitProposalRequest r;
  r.set_parent(kRound);
  *r.mutable_content() = c;
  v1::CommandResponse resp = Ok(Make(who_.hmu, &Command::mutable_submit_proposal, r));
  EXPECT_EQ(resp.proposal().submitted_by(), "bodies/hmu");
}

// Issue 19 §3: HMU acts for its own proposals only; the administration's are
// the administration's. The coordinator may act for HMU.
TEST_F(ProposalTest, HmuSubmitsAmendsAndWithdrawsOnlyItsOwnProposals) {
  v1::SubmitProposalRequest as_admin;
  as_admin.set_parent(kRound);
  *as_admin.mutable_content() = Content("Forslag", {kSocial}, 1);
  absl::Status s =
      Refusal(Make(who_.hmu, &Command::mutable_submit_proposal, as_admin),
              absl::StatusCode::kPermissionDenied,
              "submitting a proposal as SUBMITTER_ADMINISTRATION needs the role "
              "ROLE_CASE_WORKER or ROLE_COORDINATOR (HMU acts for SUBMITTER_HMU only)");
  const std::string admin = Submit("Administrationens forslag", {kSocial}, 1'000'000);
  v1::ProposalContent hmu_content = Content("HMU's forslag", {kSocial}, 1'000'000);
  hmu_content.set_submitter_kind(v1::SUBMITTER_HMU);
  v1::SubmitProposalRequest own;
  own.set_parent(kRound);
  *own.mutable_content() = hmu_content;
  const std::string hmu =
      Ok(Make(who_.hmu, &Command::mutable_submit_proposal, own)).proposal().name();

  auto amend = [&](const v1::Principal& who, const std::string& name, int64_t version,
                   const std::string& path, v1::ProposalContent content) {
    v1::AmendProposalRequest r;
    r.set_name(name);
    r.set_expected_version(version);
    *r.mutable_content() = std::move(content);
    r.mutable_update_mask()->add_paths(path);
    return Make(who, &Command::mutable_amend_proposal, r);
  };
  auto withdraw = [&](const v1::Principal& who, const std::string& name) {
    v1::WithdrawProposalRequest r;
    r.set_name(name);
    r.set_reason("Trukket");
    return Make(who, &Command::mutable_withdraw_proposal, r);
  };
  Refused(amend(who_.hmu, admin, 1, "title", Content("Ny titel", {kSocial}, 1)),
          absl::StatusCode::kPermissionDenied,
          "amending " + admin + " (submitted as SUBMITTER_ADMINISTRATION) needs the role");
  Refused(withdraw(who_.hmu, admin), absl::StatusCode::kPermissionDenied,
          "withdrawing " + admin + " (submitted as SUBMITTER_ADMINISTRATION) needs the role");
  Refused(amend(who_.case_worker, hmu, 1, "title", Content("Ny titel", {kSocial}, 1)),
          absl::StatusCode::kPermissionDenied,
          "amending " + hmu + " (submitted as SUBMITTER_HMU) needs the role ROLE_HMU");
  // HMU cannot relabel its own proposal as the administration's.
  Refused(amend(who_.hmu, hmu, 1, "submitter_kind", Content("HMU's forslag", {kSocial}, 1)),
          absl::StatusCode::kPermissionDenied, "as SUBMITTER_ADMINISTRATION needs the role");
  Ok(amend(who_.hmu, hmu, 1, "title", Content("HMU's nye titel", {kSocial}, 1)));
  Ok(amend(who_.coordinator, hmu, 2, "description", Content("", {kSocial}, 1)));
  Ok(withdraw(who_.hmu, hmu));
}

TEST_F(ProposalTest, AmendChangesOnlyTheMaskedFieldsAndBumpsTheVersion) {
  std::string name = Submit("Oprindelig titel", {kSocial}, 1'000'000);
  v1::ProposalContent change;
  change.set_title("Ny titel");
  change.set_full_implementation_kr(1'500'000);
  change.set_description("ignored: not in the mask");
  v1::CommandResponse r = Ok(AmendCommand(name, 1, change, {"title", "full_implementation_kr"}));
  EXPECT_EQ(r.proposal().version(), 2);
  v1::Proposal p = Get(name);
  EXPECT_EQ(p.content().title(), "Ny titel");
  EXPECT_EQ(p.content().full_implementation_kr(), 1'500'000);
  EXPECT_EQ(p.content().description(), "Beskrivelse af forslaget.");

  v1::ProposalContent cross;
  cross.add_committees(kSocial);
  cross.add_committees(kChildren);
  Ok(AmendCommand(name, 2, cross, {"committees"}));
  EXPECT_TRUE(Get(name).cross_cutting());
}

TEST_F(ProposalTest, StaleVersionIsAborted) {
  std::string name = Submit("Titel", {kSocial}, 1'000'000);
  v1::ProposalContent change;
  change.set_title("Første ændring");
  Ok(AmendCommand(name, 1, change, {"title"}));
  change.set_title("Baseret på en gammel version");
  Refused(AmendCommand(name, 1, change, {"title"}), absl::StatusCode::kAborted,
          "Expected rounds/2024/proposals/P-0001 at version 1, but it is at version 2");
  EXPECT_EQ(Get(name).content().title(), "Første ændring");
}

TEST_F(ProposalTest, AmendMaskAndContentAreValidated) {
  std::string name = Submit("Titel", {kSocial}, 1'000'000);
  v1::ProposalContent change;
  change.set_title("");
  absl::Status s = Refusal(AmendCommand(name, 1, change, {"title", "colour"}),
                           absl::StatusCode::kInvalidArgument, "invalid update_mask.paths[1]");
  EXPECT_THAT(BadRequestOf(s), HasViolation("content.title"));
  Refused(AmendCommand(name, 1, change, {}), absl::StatusCode::kInvalidArgument,
          "invalid update_mask: must name at least one field");
  Refused(AmendCommand("rounds/2024/proposals/P-0099", 1, change, {"description"}),
          absl::StatusCode::kNotFound, "proposal rounds/2024/proposals/P-0099 does not exist");
  Refused(AmendCommand("rounds/2024/forslag/P-0001", 1, change, {"description"}),
          absl::StatusCode::kInvalidArgument, "invalid name");
}

TEST_F(ProposalTest, WithdrawOnceAndNoAmendAfter) {
  std::string name = Submit("Titel", {kSocial}, 1'000'000);
  v1::CommandResponse r = Ok(WithdrawCommand(name));
  EXPECT_EQ(r.proposal().status(), v1::PROPOSAL_WITHDRAWN);
  EXPECT_EQ(r.proposal().withdrawal_reason(), "Erstattet af et bedre forslag");
  Refused(WithdrawCommand(name), absl::StatusCode::kFailedPrecondition, "was withdrawn on");
  v1::ProposalContent change;
  change.set_title("x");
  Refused(AmendCommand(name, 1, change, {"title"}), absl::StatusCode::kFailedPrecondition,
          "was withdrawn");
}

TEST_F(ProposalTest, ListFiltersAndPaginates) {
  Submit("A", {kSocial}, 1);
  Submit("B", {kSocial, kChildren}, 2);
  v1::ProposalContent c = Content("C", {kChildren}, 3);
  c.set_category(v1::CATEGORY_DIGITALISATION);
  Submit(c);
  std::string d = Submit("D", {kTechnical}, 4);
  Ok(WithdrawCommand(d));

  auto list = [&](v1::ListProposalsRequest r) {
    r.set_parent(kRound);
    auto out =
        processor_->Read([&](const State& s, absl::Time now) { return ListProposals(s, r, now); });
    EXPECT_TRUE(out.ok()) << out.status();
    std::vector<std::string> titles;
    for (const auto& p : out->proposals()) titles.push_back(p.content().title());
    return std::make_pair(titles, *out);
  };
  v1::ListProposalsRequest by_committee;
  by_committee.set_committee(kChildren);
  EXPECT_THAT(list(by_committee).first, ::testing::ElementsAre("B", "C"));
  EXPECT_EQ(list(by_committee).second.total_size(), 2);
  v1::ListProposalsRequest cross;
  cross.set_cross_cutting(true);
  EXPECT_THAT(list(cross).first, ::testing::ElementsAre("B"));
  v1::ListProposalsRequest single;
  single.set_cross_cutting(false);
  EXPECT_THAT(list(single).first, ::testing::ElementsAre("A", "C", "D"));
  v1::ListProposalsRequest digital;
  digital.set_category(v1::CATEGORY_DIGITALISATION);
  EXPECT_THAT(list(digital).first, ::testing::ElementsAre("C"));
  v1::ListProposalsRequest withdrawn;
  withdrawn.set_status(v1::PROPOSAL_WITHDRAWN);
  EXPECT_THAT(list(withdrawn).first, ::testing::ElementsAre("D"));

  v1::ListProposalsRequest paged;
  paged.set_page_size(3);
  auto [first, first_resp] = list(paged);
  EXPECT_THAT(first, ::testing::ElementsAre("A", "B", "C"));
  EXPECT_EQ(first_resp.total_size(), 4);
  paged.set_page_token(first_resp.next_page_token());
  auto [second, second_resp] = list(paged);
  EXPECT_THAT(second, ::testing::ElementsAre("D"));
  EXPECT_TRUE(second_resp.next_page_token().empty());
  EXPECT_EQ(second_resp.total_size(), 4);
  paged.clear_page_token();
  paged.set_page_size(4);
  EXPECT_TRUE(list(paged).second.next_page_token().empty()) << "a full last page has no next page";
}

}  // namespace
}  // namespace budget::testing
