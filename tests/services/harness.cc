#include "tests/services/harness.h"

#include "services/domain/summary.h"
#include "services/domain/views.h"

namespace budget::testing {

v1::Principal MakePrincipal(absl::string_view name, v1::Role role, absl::string_view committee,
                            absl::string_view body) {
  v1::Principal p;
  p.set_name(std::string(name));
  p.add_roles(role);
  p.set_committee(std::string(committee));
  p.set_body(std::string(body));
  return p;
}

std::string NextRequestId() {
  static std::atomic<int> counter{0};
  return absl::StrCat("test-", ++counter);
}

v1::ProposalContent Content(absl::string_view title, std::vector<std::string> committees,
                            int64_t kr) {
  v1::ProposalContent c;
  c.set_title(std::string(title));
  c.set_description("Beskrivelse af forslaget.");
  c.set_category(v1::CATEGORY_RESTRUCTURE_SERVICES);
  for (auto& name : committees) c.add_committees(name);
  for (int y = 2024; y <= 2027; ++y) {
    auto* e = c.add_effects();
    e->set_year(y);
    e->set_amount_kr(kr);
  }
  c.set_full_implementation_kr(kr);
  *c.mutable_implementation_start() = MakeDate(2024, 1, 1);
  c.set_citizen_consequences("Færre timer.");
  c.set_staff_reduction_fte_hundredths(150);
  c.set_staff_consequences("1,5 årsværk ved naturlig afgang.");
  c.set_submitter_kind(v1::SUBMITTER_ADMINISTRATION);
  return c;
}

Harness::Harness() {
  auto store = eventstore::EventStore::Open(dir_.Sub("data"), {.clock = &clock_});
  EXPECT_TRUE(store.ok()) << store.status();
  store_ = std::move(*store);
  auto p = CommandProcessor::Start(store_.get(), {.clock = &clock_});
  EXPECT_TRUE(p.ok()) << p.status();
  processor_ = std::move(*p);
}

Harness::~Harness() {
  processor_.reset();
  store_.reset();
}

void Harness::Restart(bool from_zero) {
  processor_.reset();
  store_.reset();
  auto store = eventstore::EventStore::Open(dir_.Sub("data"), {.clock = &clock_});
  ASSERT_TRUE(store.ok()) << store.status();
  store_ = std::move(*store);
  auto p = CommandProcessor::Start(store_.get(), {.clock = &clock_, .use_snapshots = !from_zero});
  ASSERT_TRUE(p.ok()) << p.status();
  processor_ = std::move(*p);
  // A clean stop leaves a snapshot at the head: without this check a
  // "restart" test could pass by loading it and replaying nothing.
  if (from_zero) {
    ASSERT_EQ(processor_->replayed_at_start(), Head());
  }
}

Command ClaimCommand(const v1::Principal& who, const std::string& proposal,
                     const std::string& committee) {
  v1::ClaimProposalRequest r;
  r.set_proposal(proposal);
  r.set_committee(committee);
  return Make(who, &Command::mutable_claim_proposal, r);
}

Command OverrideGateCommand(v1::Gate gate, v1::GateMode mode, const std::string& reason) {
  v1::OverrideGateRequest r;
  r.set_round(kRound);
  r.set_gate(gate);
  r.set_mode(mode);
  r.set_reason(reason);
  return Make(People().coordinator, &Command::mutable_override_gate, r);
}

v1::CommandResponse Harness::Ok(Command c) {
  const std::string what = c.ShortDebugString();
  absl::StatusOr<v1::CommandResponse> r = Run(std::move(c));
  EXPECT_TRUE(r.ok()) << r.status() << "\n  command: " << what;
  return r.ok() ? *r : v1::CommandResponse();
}

absl::Status Harness::Refusal(Command c, absl::StatusCode code, absl::string_view message_part) {
  const uint64_t before = Head();
  const base::Hash hash = store_->head().hash;
  absl::StatusOr<v1::CommandResponse> r = Run(std::move(c));
  EXPECT_EQ(r.status().code(), code) << r.status();
  EXPECT_THAT(std::string(r.status().message()), ::testing::HasSubstr(std::string(message_part)));
  EXPECT_EQ(Head(), before) << "a refused command moved the log";
  EXPECT_EQ(store_->head().hash, hash);
  return r.status();
}

void Harness::CreateStrategyRound(std::optional<v1::RoundSettings> settings) {
  clock_.Set(At(2022, 8, 15));
  v1::CreateRoundRequest r;
  r.set_round_id("2024");
  r.set_municipality("Næstved Kommune");
  r.set_budget_year(2024);
  r.mutable_targets()->set_catalogue_total_kr(110'000'000);
  r.mutable_targets()->set_raaderum_kr(45'000'000);
  r.mutable_targets()->set_cross_cutting_share_bp(3000);
  r.mutable_targets()->set_centre_own_share_bp(100);
  r.set_template_(v1::ROUND_TEMPLATE_STRATEGY_2024);
  if (settings.has_value()) *r.mutable_settings() = *settings;
  Ok(Make(who_.coordinator, &Command::mutable_create_round, r));

  struct C {
    const char* id;
    const char* name;
    int64_t frame;
    int64_t shortfall;
  };
  for (const C& c : {C{"socialudvalget", "Socialudvalget", 900'000'000, 10'000'000},
                     C{"boerne-og-uddannelsesudvalget", "Børne- og Uddannelsesudvalget",
                       1'300'000'000, 10'000'000},
                     C{"teknik-og-miljoeudvalget", "Teknik- og Miljøudvalget", 300'000'000, 0}}) {
    v1::DefineCommitteeRequest d;
    d.set_parent(kRound);
    d.set_committee_id(c.id);
    d.mutable_committee()->set_display_name(c.name);
    d.mutable_committee()->set_operating_frame_kr(c.frame);
    d.mutable_committee()->set_shortfall_kr(c.shortfall);
    Ok(Make(who_.coordinator, &Command::mutable_define_committee, d));
  }
  struct Ce {
    const char* id;
    const char* name;
    const char* committee;
    int64_t budget;
  };
  for (const Ce& c :
       {Ce{"handicap-psykiatri", "Center for Handicap og Psykiatri", kSocial, 600'000'000},
        Ce{"skole", "Center for Skole", kChildren, 900'000'000},
        Ce{"vej-park", "Center for Vej og Park", kTechnical, 150'000'000}}) {
    v1::DefineCentreRequest d;
    d.set_parent(kRound);
    d.set_centre_id(c.id);
    d.mutable_centre()->set_display_name(c.name);
    d.mutable_centre()->set_committee(c.committee);
    d.mutable_centre()->set_budget_kr(c.budget);
    Ok(Make(who_.coordinator, &Command::mutable_define_centre, d));
  }
  struct W {
    const char* id;
    const char* name;
    const char* centre;
    const char* committee;
  };
  for (const W& w :
       {W{"bofaellesskab-enghaven", "Bofællesskabet Enghaven", kHandicapCentre, kSocial},
        W{"holme-skole", "Holme Skole", kSchoolCentre, kChildren}}) {
    v1::DefineWorkplaceRequest d;
    d.set_parent(kRound);
    d.set_workplace_id(w.id);
    d.mutable_workplace()->set_display_name(w.name);
    d.mutable_workplace()->set_centre(w.centre);
    d.mutable_workplace()->set_committee(w.committee);
    Ok(Make(who_.coordinator, &Command::mutable_define_workplace, d));
  }
  clock_.Set(At(2022, 9, 15));
}

Command Harness::SubmitCommand(v1::ProposalContent content) {
  v1::SubmitProposalRequest r;
  r.set_parent(kRound);
  *r.mutable_content() = std::move(content);
  return Make(who_.case_worker, &Command::mutable_submit_proposal, r);
}

v1::Proposal Harness::Get(const std::string& name) {
  v1::GetProposalRequest r;
  r.set_name(name);
  auto p = processor_->Read([&](const State& s, absl::Time now) { return GetProposal(s, r, now); });
  EXPECT_TRUE(p.ok()) << p.status();
  return p.ok() ? *p : v1::Proposal();
}

v1::RoundSummary Harness::Summary() {
  v1::GetRoundSummaryRequest r;
  r.set_round(kRound);
  auto s = processor_->Read(
      [&](const State& st, absl::Time now) { return GetRoundSummary(st, r, now); });
  EXPECT_TRUE(s.ok()) << s.status();
  return s.ok() ? *s : v1::RoundSummary();
}

const v1::CommitteeTotals& Harness::Committee(const v1::Totals& t, absl::string_view name) {
  for (const auto& c : t.committees()) {
    if (c.committee() == name) return c;
  }
  return v1::CommitteeTotals::default_instance();
}

std::string Harness::RecordMeeting(v1::MeetingKind kind, v1::Date date,
                                   std::vector<std::string> proposals) {
  v1::RecordMeetingRequest r;
  r.set_round(kRound);
  r.set_kind(kind);
  *r.mutable_date() = date;
  r.add_participants("Byrådet");
  r.add_participants("MED-Hovedudvalget");
  r.set_minutes("Referat.");
  for (auto& p : proposals) r.add_proposals(p);
  return Ok(Make(who_.coordinator, &Command::mutable_record_meeting, r)).meeting().name();
}

std::string Harness::SubmitDraft(v1::ProposalContent content) {
  return Ok(SubmitCommand(std::move(content))).proposal().name();
}

std::string Harness::Submit(v1::ProposalContent content) {
  std::string name = SubmitDraft(std::move(content));
  Ok(MarkReadyCommand(name));
  return name;
}

Command Harness::MarkReadyCommand(const std::string& proposal) {
  v1::MarkProposalReadyRequest r;
  r.set_name(proposal);
  r.set_capacity(v1::APPROVER_STEERING_GROUP);
  return Make(who_.coordinator, &Command::mutable_mark_proposal_ready, r);
}

Command Harness::PublishCommand() {
  v1::PublishCatalogueRequest r;
  r.set_round(kRound);
  return Make(who_.coordinator, &Command::mutable_publish_catalogue, r);
}

Command Harness::RecordReadingCommand(v1::RecordReadingRequest r) {
  const bool oek = r.kind() == v1::READING_FIRST_FINANCE_COMMITTEE ||
                   r.kind() == v1::READING_SECOND_FINANCE_COMMITTEE;
  return Make(oek ? who_.finance_committee : who_.council, &Command::mutable_record_reading,
              std::move(r));
}

Command Harness::RecommendCommand(v1::Date meeting) {
  v1::RecommendSelectionRequest r;
  r.set_round(kRound);
  *r.mutable_meeting_date() = meeting;
  r.set_agenda_item("ØK, punkt 4: Omprioriteringsforslag");
  return Make(who_.finance_committee, &Command::mutable_recommend_selection, r);
}

Command Harness::ApproveCommand(v1::Date meeting) {
  v1::ApproveSelectionRequest r;
  r.set_round(kRound);
  *r.mutable_meeting_date() = meeting;
  r.set_agenda_item("Byrådet, punkt 9: Omprioriteringsforslag");
  return Make(who_.council, &Command::mutable_approve_selection, r);
}

Command Harness::ExpansionProcessCommand(std::vector<std::pair<std::string, int64_t>> frames,
                                         int64_t cap_kr) {
  v1::DecideExpansionProcessRequest r;
  r.set_round(kRound);
  *r.mutable_meeting_date() = MakeDate(2023, 3, 1);
  r.set_agenda_item("ØK, punkt 6: Proces for udvidelsesforslag");
  for (const auto& [committee, frame_kr] : frames) {
    v1::CommitteeFrame* f = r.add_frames();
    f->set_committee(committee);
    f->set_frame_kr(frame_kr);
  }
  r.set_cap_kr(cap_kr);
  r.add_topics("Demografi og velfærd");
  return Make(who_.finance_committee, &Command::mutable_decide_expansion_process, r);
}

std::string Harness::Submit(absl::string_view title, std::vector<std::string> committees,
                            int64_t kr) {
  return Submit(Content(title, std::move(committees), kr));
}

template <typename T>
static T DetailOf(const absl::Status& s, absl::string_view type_url) {
  T out;
  auto payload = s.GetPayload(type_url);
  if (payload.has_value()) out.ParseFromString(std::string(*payload));
  return out;
}

google::rpc::BadRequest BadRequestOf(const absl::Status& s) {
  return DetailOf<google::rpc::BadRequest>(s, kBadRequestType);
}

google::rpc::PreconditionFailure PreconditionOf(const absl::Status& s) {
  return DetailOf<google::rpc::PreconditionFailure>(s, kPreconditionFailureType);
}

}  // namespace budget::testing
