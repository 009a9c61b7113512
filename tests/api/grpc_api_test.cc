// The API through a real server and channel: answers, error details in the
// trailer, retries, health, and that refusals write nothing.
#include <thread>
#include <vector>

#include "budget/v1/admin_service.grpc.pb.h"
#include "eventstore/envelope.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "services/domain/time_util.h"
#include "tests/api/server_fixture.h"

namespace budget::testing {
namespace {

using ::testing::HasSubstr;

class GrpcApiTest : public ServerTest {
 protected:
  void SetUp() override { StartServer(); }

  v1::CreateRoundRequest RoundRequest(const std::string& id) {
    v1::CreateRoundRequest r;
    r.set_request_id("create-" + id);
    r.set_round_id(id);
    r.set_municipality("Næstved Kommune");
    r.set_budget_year(2024);
    r.mutable_targets()->set_catalogue_total_kr(110'000'000);
    r.mutable_targets()->set_raaderum_kr(45'000'000);
    r.set_template_(v1::ROUND_TEMPLATE_STRATEGY_2024);
    return r;
  }
};

TEST_F(GrpcApiTest, CreateThenReadAsAnyRole) {
  v1::CommandResponse resp;
  grpc::Status s =
      rounds_->CreateRound(As(v1::ROLE_COORDINATOR).get(), RoundRequest("2024"), &resp);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(resp.round().name(), "rounds/2024");
  EXPECT_EQ(resp.log_position(), 20u);
  EXPECT_EQ(resp.event_count(), 20);
  EXPECT_EQ(resp.round().created_by(), "users/coordinator");
  EXPECT_EQ(resp.round().gates_size(), 6);

  for (v1::Role role : {v1::ROLE_AUDITOR, v1::ROLE_HEARING_BODY, v1::ROLE_CASE_WORKER}) {
    v1::GetRoundRequest get;
    get.set_name("rounds/2024");
    v1::Round round;
    s = rounds_->GetRound(As(role).get(), get, &round);
    ASSERT_TRUE(s.ok()) << s.error_message();
    EXPECT_EQ(round.milestones_size(), 19);
  }
  v1::ListRoundsResponse list;
  s = rounds_->ListRounds(As(v1::ROLE_AUDITOR).get(), v1::ListRoundsRequest(), &list);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(list.rounds_size(), 1);
}

TEST_F(GrpcApiTest, ListMyTasksShowsTheCallersOwnTasks) {
  clock_.Set(At(2022, 8, 20));
  v1::CommandResponse resp;
  ASSERT_TRUE(
      rounds_->CreateRound(As(v1::ROLE_COORDINATOR).get(), RoundRequest("2024"), &resp).ok());
  v1::DefineCommitteeRequest c;
  c.set_request_id("committee");
  c.set_parent("rounds/2024");
  c.set_committee_id("socialudvalget");
  c.mutable_committee()->set_display_name("Socialudvalget");
  c.mutable_committee()->set_shortfall_kr(5'000'000);
  ASSERT_TRUE(rounds_->DefineCommittee(As(v1::ROLE_COORDINATOR).get(), c, &resp).ok());

  v1::ListMyTasksRequest r;
  r.set_round("rounds/2024");
  v1::ListMyTasksResponse committee;
  grpc::Status s = rounds_->ListMyTasks(As(v1::ROLE_COMMITTEE).get(), r, &committee);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_EQ(committee.tasks_size(), 1);
  EXPECT_EQ(committee.tasks(0).kind(), v1::TASK_COVER_SHORTFALL);
  EXPECT_EQ(committee.tasks(0).amount_kr(), 5'000'000);
  EXPECT_EQ(FromProto(committee.tasks(0).due()), At(2023, 4, 30, 22));

  v1::ListMyTasksResponse hmu;
  ASSERT_TRUE(rounds_->ListMyTasks(As(v1::ROLE_HMU).get(), r, &hmu).ok());
  ASSERT_EQ(hmu.tasks_size(), 2);
  EXPECT_EQ(hmu.tasks(0).kind(), v1::TASK_DIALOGUE_MEETING);
  v1::ListMyTasksResponse coordinator;
  ASSERT_TRUE(rounds_->ListMyTasks(As(v1::ROLE_COORDINATOR).get(), r, &coordinator).ok());
  EXPECT_EQ(coordinator.tasks_size(), 18);  // every milestone but the strategy's (1 Aug)
  v1::ListMyTasksResponse auditor;
  ASSERT_TRUE(rounds_->ListMyTasks(As(v1::ROLE_AUDITOR).get(), r, &auditor).ok());
  EXPECT_EQ(auditor.tasks_size(), 0);

  r.set_round("rounds/1999");
  EXPECT_EQ(rounds_->ListMyTasks(As(v1::ROLE_COMMITTEE).get(), r, &committee).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(GrpcApiTest, InvalidInputCarriesBadRequestDetailsAndWritesNothing) {
  v1::CreateRoundRequest r = RoundRequest("Not An Id");
  r.set_request_id("bad-round");
  r.set_budget_year(3000);
  v1::CommandResponse resp;
  grpc::Status s = rounds_->CreateRound(As(v1::ROLE_COORDINATOR).get(), r, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("invalid round_id"));
  google::rpc::BadRequest bad;
  ASSERT_TRUE(UnpackDetail(s, &bad)) << DetailsOf(s).DebugString();
  ASSERT_EQ(bad.field_violations_size(), 2);
  EXPECT_EQ(bad.field_violations(0).field(), "round_id");
  EXPECT_EQ(bad.field_violations(1).field(), "budget_year");
  EXPECT_EQ(DetailsOf(s).code(), static_cast<int>(grpc::StatusCode::INVALID_ARGUMENT));
  EXPECT_EQ(Head(), 0u);
}

TEST_F(GrpcApiTest, RuleRefusalCarriesPreconditionFailure) {
  clock_.Set(At(2022, 8, 20));  // before work starts
  v1::CommandResponse resp;
  ASSERT_TRUE(
      rounds_->CreateRound(As(v1::ROLE_COORDINATOR).get(), RoundRequest("2024"), &resp).ok());
  v1::SubmitProposalRequest r;
  r.set_request_id("submit-1");
  r.set_parent("rounds/2024");
  r.mutable_content()->set_title("Forslag");
  r.mutable_content()->set_category(v1::CATEGORY_VACANCIES);
  r.mutable_content()->add_committees("rounds/2024/committees/socialudvalget");
  *r.mutable_content()->mutable_implementation_start() = MakeDate(2024, 1, 1);
  r.mutable_content()->set_submitter_kind(v1::SUBMITTER_ADMINISTRATION);
  const uint64_t head = Head();
  grpc::Status s = proposals_->SubmitProposal(As(v1::ROLE_CASE_WORKER).get(), r, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  google::rpc::PreconditionFailure pf;
  ASSERT_TRUE(UnpackDetail(s, &pf));
  EXPECT_EQ(pf.violations(0).type(), "GATE_SUBMISSION");
  EXPECT_THAT(pf.violations(0).description(), HasSubstr("2022-08-31 22:00:00 UTC"));
  EXPECT_EQ(Head(), head);
}

TEST_F(GrpcApiTest, RetryOverTheWireIsDeduplicated) {
  v1::CommandResponse first, again;
  ASSERT_TRUE(
      rounds_->CreateRound(As(v1::ROLE_COORDINATOR).get(), RoundRequest("2024"), &first).ok());
  const uint64_t head = Head();
  ASSERT_TRUE(
      rounds_->CreateRound(As(v1::ROLE_COORDINATOR).get(), RoundRequest("2024"), &again).ok());
  EXPECT_TRUE(again.deduplicated());
  EXPECT_EQ(again.log_position(), first.log_position());
  EXPECT_EQ(Head(), head);
}

// Issue 17.11: request ids are scoped by principal, so a caller cannot occupy
// the ids another principal will use (budgetctl derives them from names).
TEST_F(GrpcApiTest, RequestIdsAreScopedByPrincipal) {
  OpenRound2024();
  v1::SubmitProposalRequest squat;
  squat.set_request_id("create-2025");  // what the coordinator's CreateRound 2025 sends
  squat.set_parent("rounds/2024");
  squat.mutable_content()->set_title("Forslag");
  squat.mutable_content()->set_category(v1::CATEGORY_VACANCIES);
  squat.mutable_content()->add_committees("rounds/2024/committees/socialudvalget");
  *squat.mutable_content()->mutable_implementation_start() = MakeDate(2024, 1, 1);
  squat.mutable_content()->set_submitter_kind(v1::SUBMITTER_ADMINISTRATION);
  v1::CommandResponse squatted, created, again;
  ASSERT_TRUE(proposals_->SubmitProposal(As(v1::ROLE_CASE_WORKER).get(), squat, &squatted).ok());
  grpc::Status s =
      rounds_->CreateRound(As(v1::ROLE_COORDINATOR).get(), RoundRequest("2025"), &created);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_FALSE(created.deduplicated());
  EXPECT_EQ(created.round().name(), "rounds/2025");
  const uint64_t head = Head();
  // Each principal's retry still gets its own first answer.
  ASSERT_TRUE(proposals_->SubmitProposal(As(v1::ROLE_CASE_WORKER).get(), squat, &again).ok());
  EXPECT_TRUE(again.deduplicated());
  EXPECT_EQ(again.proposal().name(), squatted.proposal().name());
  ASSERT_TRUE(
      rounds_->CreateRound(As(v1::ROLE_COORDINATOR).get(), RoundRequest("2025"), &again).ok());
  EXPECT_TRUE(again.deduplicated());
  EXPECT_EQ(again.log_position(), created.log_position());
  EXPECT_EQ(Head(), head);
}

TEST_F(GrpcApiTest, HealthIsServing) {
  auto health = grpc::health::v1::Health::NewStub(channel_);
  grpc::ClientContext ctx;
  grpc::health::v1::HealthCheckRequest req;
  grpc::health::v1::HealthCheckResponse resp;
  grpc::Status s = health->Check(&ctx, req, &resp);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(resp.status(), grpc::health::v1::HealthCheckResponse::SERVING);
}

TEST_F(GrpcApiTest, NoOrBadCredentialsAreUnauthenticatedAndWriteNothing) {
  v1::CommandResponse resp;
  grpc::ClientContext none;
  grpc::Status s = rounds_->CreateRound(&none, RoundRequest("2024"), &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(s.error_message(), HasSubstr("no credentials"));
  grpc::ClientContext bad;
  bad.AddMetadata("authorization", "Bearer not-a-token");
  s = rounds_->CreateRound(&bad, RoundRequest("2024"), &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(s.error_message(), HasSubstr("unknown token"));
  grpc::ClientContext basic;
  basic.AddMetadata("authorization", "Basic dXNlcjpwYXNz");
  s = rounds_->CreateRound(&basic, RoundRequest("2024"), &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  v1::Round round;
  grpc::ClientContext read;
  v1::GetRoundRequest get;
  get.set_name("rounds/2024");
  EXPECT_EQ(rounds_->GetRound(&read, get, &round).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Head(), 0u);
}

TEST_F(GrpcApiTest, WrongRoleIsPermissionDeniedNamingTheRole) {
  v1::CommandResponse resp;
  grpc::Status s =
      rounds_->CreateRound(As(v1::ROLE_CASE_WORKER).get(), RoundRequest("2024"), &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(s.error_message(), HasSubstr("CreateRound needs the role coordinator"));
  s = rounds_->CreateRound(As(v1::ROLE_AUDITOR).get(), RoundRequest("2024"), &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Head(), 0u);
}

TEST_F(GrpcApiTest, TheActorIsTheAuthenticatedPrincipalNeverAClaimedName) {
  v1::CommandResponse resp;
  auto ctx = As(v1::ROLE_COORDINATOR);
  ctx->AddMetadata("x-budget-principal", "users/someone-else");
  ASSERT_TRUE(rounds_->CreateRound(ctx.get(), RoundRequest("2024"), &resp).ok());
  absl::StatusOr<eventstore::Envelope> e = server_->store()->ReadEvent(1);
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->actor, "users/coordinator");
  EXPECT_EQ(e->request_id, "create-2024");
}

TEST_F(GrpcApiTest, StateSurvivesAServerRestart) {
  // Without snapshots, so that the restart rebuilds the state from the log.
  ServerOptions no_snapshots;
  no_snapshots.snapshot_interval = 0;
  StartServer(no_snapshots);
  v1::CommandResponse resp;
  ASSERT_TRUE(
      rounds_->CreateRound(As(v1::ROLE_COORDINATOR).get(), RoundRequest("2024"), &resp).ok());
  v1::GetRoundRequest get;
  get.set_name("rounds/2024");
  v1::Round before;
  ASSERT_TRUE(rounds_->GetRound(As(v1::ROLE_AUDITOR).get(), get, &before).ok());
  StartServer(no_snapshots);
  EXPECT_EQ(server_->processor()->replayed_at_start(), Head());
  v1::Round round;
  ASSERT_TRUE(rounds_->GetRound(As(v1::ROLE_AUDITOR).get(), get, &round).ok());
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(before, round));
  EXPECT_EQ(round.municipality(), "Næstved Kommune");
}

TEST_F(GrpcApiTest, OversizedMessagesAreRefusedByTheTransport) {
  v1::CreateRoundRequest r = RoundRequest("2024");
  r.set_municipality(std::string(5 << 20, 'x'));
  v1::CommandResponse resp;
  grpc::Status s = rounds_->CreateRound(As(v1::ROLE_COORDINATOR).get(), r, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << s.error_message();
  EXPECT_EQ(Head(), 0u);
}

TEST_F(GrpcApiTest, TheDemoClockMovesOnlyForwardAndOnlyInDemoMode) {
  auto admin = v1::AdminService::NewStub(channel_);
  v1::SetClockRequest req;
  *req.mutable_now() = ToProto(At(2023, 1, 1));
  v1::SetClockResponse resp;
  grpc::Status s = admin->SetClock(As(v1::ROLE_ADMINISTRATOR).get(), req, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), HasSubstr("--demo_clock"));

  ServerOptions demo;
  demo.demo_clock_start = At(2022, 8, 15);
  StartServer(demo);
  admin = v1::AdminService::NewStub(channel_);
  EXPECT_EQ(admin->SetClock(As(v1::ROLE_COORDINATOR).get(), req, &resp).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(admin->SetClock(As(v1::ROLE_ADMINISTRATOR).get(), req, &resp).ok());
  v1::CommandResponse created;
  ASSERT_TRUE(
      rounds_->CreateRound(As(v1::ROLE_COORDINATOR).get(), RoundRequest("2024"), &created).ok());
  EXPECT_EQ(FromProto(created.round().create_time()), At(2023, 1, 1));
  *req.mutable_now() = ToProto(At(2022, 12, 1));
  s = admin->SetClock(As(v1::ROLE_ADMINISTRATOR).get(), req, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("time never moves back"));
}

// Each RPC's series are resolved on its first call, so concurrent first
// calls race to make them: every call must still be counted, once.
TEST_F(GrpcApiTest, MetricsCountEveryCallOfConcurrentCallers) {
  OpenRound2024();
  constexpr int kThreads = 8;
  constexpr int kCalls = 25;
  std::vector<std::thread> callers;
  for (int t = 0; t < kThreads; ++t) {
    callers.emplace_back([&] {
      for (int i = 0; i < kCalls; ++i) {
        v1::ListRoundsResponse list;
        EXPECT_TRUE(rounds_->ListRounds(As(v1::ROLE_AUDITOR).get(), {}, &list).ok());
        v1::GetRoundRequest missing;
        missing.set_name("rounds/1999");
        v1::Round round;
        EXPECT_EQ(rounds_->GetRound(As(v1::ROLE_AUDITOR).get(), missing, &round).error_code(),
                  grpc::StatusCode::NOT_FOUND);
      }
    });
  }
  for (std::thread& t : callers) t.join();
  const std::string page = server_->metrics().Render();
  const int n = kThreads * kCalls;
  EXPECT_THAT(page, HasSubstr(absl::StrCat("budget_requests_total{rpc=\"ListRounds\",code=\"OK\"} ",
                                           n, "\n")));
  EXPECT_THAT(page, HasSubstr(absl::StrCat(
                        "budget_requests_total{rpc=\"GetRound\",code=\"NOT_FOUND\"} ", n, "\n")));
  EXPECT_THAT(page,
              HasSubstr(absl::StrCat("budget_request_seconds_count{rpc=\"GetRound\"} ", n, "\n")));
  EXPECT_THAT(page, HasSubstr("budget_requests_total{rpc=\"CreateRound\",code=\"OK\"} 1\n"));
  EXPECT_THAT(page, HasSubstr("budget_events_total{type=\"budget.v1.RoundCreated\"} 1\n"));
  EXPECT_THAT(page, HasSubstr("budget_group_commit_requests_count "));
}

}  // namespace
}  // namespace budget::testing

namespace budget::testing {
namespace {

// Issue 20 §1 over the wire: a proposal with an investment, an extra
// transfer cost, staff effects by attrition and an attachment is stored as
// sent, and the summary's economics add it up.
TEST_F(GrpcApiTest, ProposalEconomicsRoundTripIntoTheSummary) {
  clock_.Set(At(2022, 9, 15));
  v1::CommandResponse resp;
  ASSERT_TRUE(
      rounds_->CreateRound(As(v1::ROLE_COORDINATOR).get(), RoundRequest("2024"), &resp).ok());
  v1::DefineCommitteeRequest committee;
  committee.set_request_id("committee");
  committee.set_parent("rounds/2024");
  committee.set_committee_id("socialudvalget");
  committee.mutable_committee()->set_display_name("Socialudvalget");
  ASSERT_TRUE(rounds_->DefineCommittee(As(v1::ROLE_COORDINATOR).get(), committee, &resp).ok());
  v1::DefineCentreRequest centre;
  centre.set_request_id("centre");
  centre.set_parent("rounds/2024");
  centre.set_centre_id("handicap");
  centre.mutable_centre()->set_display_name("Handicap og Psykiatri");
  centre.mutable_centre()->set_committee("rounds/2024/committees/socialudvalget");
  ASSERT_TRUE(rounds_->DefineCentre(As(v1::ROLE_COORDINATOR).get(), centre, &resp).ok());
  v1::DefineWorkplaceRequest workplace;
  workplace.set_request_id("workplace");
  workplace.set_parent("rounds/2024");
  workplace.set_workplace_id("enghaven");
  workplace.mutable_workplace()->set_display_name("Enghaven");
  workplace.mutable_workplace()->set_centre("rounds/2024/centres/handicap");
  workplace.mutable_workplace()->set_committee("rounds/2024/committees/socialudvalget");
  ASSERT_TRUE(rounds_->DefineWorkplace(As(v1::ROLE_COORDINATOR).get(), workplace, &resp).ok());

  v1::SubmitProposalRequest r;
  r.set_request_id("submit-economics");
  r.set_parent("rounds/2024");
  v1::ProposalContent* c = r.mutable_content();
  c->set_title("Sammenlægning af bofællesskaber");
  c->set_category(v1::CATEGORY_MERGE_UNITS);
  c->add_committees("rounds/2024/committees/socialudvalget");
  *c->mutable_implementation_start() = MakeDate(2024, 7, 1);
  c->set_submitter_kind(v1::SUBMITTER_ADMINISTRATION);
  c->set_full_implementation_kr(3'000'000);
  c->set_price_level_year(2024);
  auto line = [](google::protobuf::RepeatedPtrField<v1::YearAmount>* list, int year, int64_t kr,
                 v1::ExpenditureType type) {
    v1::YearAmount* a = list->Add();
    a->set_year(year);
    a->set_amount_kr(kr);
    a->set_expenditure_type(type);
  };
  line(c->mutable_effects(), 2024, 1'500'000, v1::EXPENDITURE_SERVICE);
  line(c->mutable_effects(), 2024, -100'000, v1::EXPENDITURE_TRANSFER);
  line(c->mutable_one_off_costs(), 2024, 2'000'000, v1::EXPENDITURE_CAPITAL);
  v1::StaffEffect* s = c->add_staff_effects();
  s->set_workplace("rounds/2024/workplaces/enghaven");
  s->set_staff_group("social- og sundhedsassistenter");
  s->set_fte_reduction_hundredths(250);
  s->set_mode(v1::STAFF_ATTRITION);
  v1::Attachment* a = c->add_attachments();
  a->set_uri("https://esdh.naestved.dk/sag/23-4711/dok/1");
  a->set_title("Business case");
  a->set_sha256(std::string(64, 'a'));
  a->set_size_bytes(1024);
  grpc::Status st = proposals_->SubmitProposal(As(v1::ROLE_CASE_WORKER).get(), r, &resp);
  ASSERT_TRUE(st.ok()) << st.error_message();
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(resp.proposal().content(), *c));
  // A draft counts in no total: the steering group marks it ready (with its
  // consequences, as staff effects require).
  v1::AmendProposalRequest amend;
  amend.set_request_id("consequences");
  amend.set_name(resp.proposal().name());
  amend.set_expected_version(1);
  amend.mutable_content()->set_citizen_consequences("Beboerne flytter.");
  amend.mutable_content()->set_staff_consequences("2,5 årsværk færre ved naturlig afgang.");
  amend.mutable_update_mask()->add_paths("citizen_consequences");
  amend.mutable_update_mask()->add_paths("staff_consequences");
  st = proposals_->AmendProposal(As(v1::ROLE_CASE_WORKER).get(), amend, &resp);
  ASSERT_TRUE(st.ok()) << st.error_message();
  v1::MarkProposalReadyRequest ready;
  ready.set_request_id("ready");
  ready.set_name(resp.proposal().name());
  ready.set_capacity(v1::APPROVER_STEERING_GROUP);
  st = proposals_->MarkProposalReady(As(v1::ROLE_COORDINATOR).get(), ready, &resp);
  ASSERT_TRUE(st.ok()) << st.error_message();

  v1::GetRoundSummaryRequest get;
  get.set_round("rounds/2024");
  v1::RoundSummary summary;
  ASSERT_TRUE(rounds_->GetRoundSummary(As(v1::ROLE_AUDITOR).get(), get, &summary).ok());
  const v1::Economics& y2024 = summary.by_year(0).economics();
  EXPECT_EQ(y2024.gross_savings_kr(), 1'400'000);
  EXPECT_EQ(y2024.capital_kr(), 2'000'000);
  EXPECT_EQ(y2024.net_kr(), -600'000);
  EXPECT_EQ(summary.full_implementation().economics().fte_reduction_hundredths(), 250);
  ASSERT_EQ(summary.full_implementation().workplaces_size(), 1);
  EXPECT_EQ(summary.full_implementation().workplaces(0).by_attrition_hundredths(), 250);
}

}  // namespace
}  // namespace budget::testing
