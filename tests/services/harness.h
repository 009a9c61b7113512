#ifndef TESTS_SERVICES_HARNESS_H_
#define TESTS_SERVICES_HARNESS_H_

// A real event store and single writer on a temporary directory and a fake
// clock, with the principals of docs/sources.md and seed 004's organisation.

#include <memory>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "budget/internal/commands.pb.h"
#include "budget/v1/summary.pb.h"
#include "eventstore/event_store.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"
#include "services/core/command_processor.h"
#include "services/domain/errors.h"
#include "services/domain/time_util.h"
#include "tests/testing/civil_time.h"
#include "tests/testing/temp_dir.h"

namespace budget::testing {

using internal::Command;

v1::Principal MakePrincipal(absl::string_view name, v1::Role role, absl::string_view committee = "",
                            absl::string_view body = "");

// The principals the tests act as.
struct People {
  v1::Principal coordinator = MakePrincipal("users/cko", v1::ROLE_COORDINATOR);
  v1::Principal case_worker = MakePrincipal("users/anna", v1::ROLE_CASE_WORKER);
  v1::Principal social = MakePrincipal("users/soc", v1::ROLE_COMMITTEE, "socialudvalget");
  v1::Principal children =
      MakePrincipal("users/bu", v1::ROLE_COMMITTEE, "boerne-og-uddannelsesudvalget");
  v1::Principal technical =
      MakePrincipal("users/tm", v1::ROLE_COMMITTEE, "teknik-og-miljoeudvalget");
  v1::Principal council = MakePrincipal("users/byraad", v1::ROLE_COUNCIL);
  v1::Principal finance_committee = MakePrincipal("users/oek", v1::ROLE_FINANCE_COMMITTEE);
  v1::Principal hmu = MakePrincipal("bodies/hmu", v1::ROLE_HMU);
  v1::Principal auditor = MakePrincipal("users/revisor", v1::ROLE_AUDITOR);
};

// Resource names of the standard round.
inline constexpr char kRound[] = "rounds/2024";
inline constexpr char kSocial[] = "rounds/2024/committees/socialudvalget";
inline constexpr char kChildren[] = "rounds/2024/committees/boerne-og-uddannelsesudvalget";
inline constexpr char kTechnical[] = "rounds/2024/committees/teknik-og-miljoeudvalget";
inline constexpr char kHandicapCentre[] = "rounds/2024/centres/handicap-psykiatri";
inline constexpr char kSchoolCentre[] = "rounds/2024/centres/skole";
inline constexpr char kEnghaven[] = "rounds/2024/workplaces/bofaellesskab-enghaven";

using testing_util::At;
using testing_util::AtDk;

// Instants of the standard (STRATEGY_2024) timeline: the start of the day in
// Danish local time (the claims deadline is 2023-04-30T22:00:00Z).
inline absl::Time WorkStarted() { return AtDk(2022, 9, 1); }
inline absl::Time CatalogueDeadline() { return AtDk(2023, 4, 1); }
inline absl::Time ClaimsDeadline() { return AtDk(2023, 5, 1); }
inline absl::Time ProposalsPresented() { return AtDk(2023, 5, 8); }
inline absl::Time FirstReadingFinance() { return AtDk(2023, 8, 11); }

// A request id no other command of the process has.
std::string NextRequestId();

template <typename Req>
Command Make(const v1::Principal& who, Req* (Command::*set)(), Req request) {
  Command c;
  *c.mutable_actor() = who;
  if (request.request_id().empty()) request.set_request_id(NextRequestId());
  *(c.*set)() = std::move(request);
  return c;
}

// `who` claims `proposal` for `committee`.
Command ClaimCommand(const v1::Principal& who, const std::string& proposal,
                     const std::string& committee);
// The coordinator sets `gate` of the standard round to `mode`, for `reason`.
Command OverrideGateCommand(v1::Gate gate, v1::GateMode mode, const std::string& reason);

// A proposal's content: one committee, full implementation `kr`, the four
// years at `kr` each.
v1::ProposalContent Content(absl::string_view title, std::vector<std::string> committees,
                            int64_t kr);

class Harness : public ::testing::Test {
 protected:
  Harness();
  ~Harness() override;

  // Answers as the API does: personal fields shown as the actor may see them.
  absl::StatusOr<v1::CommandResponse> Run(Command c) {
    const v1::Principal actor = c.actor();
    absl::StatusOr<v1::CommandResponse> r = processor_->Execute(std::move(c));
    if (r.ok()) processor_->personal().Reveal(&*r, actor);
    return r;
  }
  // Runs and expects success; returns the response.
  v1::CommandResponse Ok(Command c);
  // Runs and expects `code` with `message_part` in the message, and that the
  // log did not move. Returns the status for further checks.
  absl::Status Refusal(Command c, absl::StatusCode code, absl::string_view message_part);
  void Refused(Command c, absl::StatusCode code, absl::string_view message_part) {
    Refusal(std::move(c), code, message_part).IgnoreError();
  }

  uint64_t Head() const { return store_->head().position; }
  void Tick() { ASSERT_TRUE(processor_->Tick().ok()); }
  // Stops the writer and store, and starts them again from the log (from
  // the newest snapshot when `from_zero` is false; otherwise replaying every
  // event, which it checks).
  void Restart(bool from_zero = false);
  State Published() const {
    return processor_->Read([](const State& s, absl::Time) { return s; });
  }

  // Seed 004's round "2024": STRATEGY_2024 timeline, 110/45 mio. targets,
  // committees with the ~10 mio. shortfalls, centres and workplaces.
  // Leaves the clock on 2022-09-15 (submission open). `settings`, when set,
  // replaces the template's default settings.
  void CreateStrategyRound(std::optional<v1::RoundSettings> settings = std::nullopt);
  // Records a meeting of `kind` on `date` showing `proposals`; returns its name.
  std::string RecordMeeting(v1::MeetingKind kind, v1::Date date,
                            std::vector<std::string> proposals = {});
  // SubmitProposal of `content` to the standard round, as the case worker.
  Command SubmitCommand(v1::ProposalContent content);
  // The published proposal `name` (a default one, after a test failure, when absent).
  v1::Proposal Get(const std::string& name);
  // The published summary of the standard round.
  v1::RoundSummary Summary();
  // `name`'s row in `t` (a default one when absent).
  static const v1::CommitteeTotals& Committee(const v1::Totals& t, absl::string_view name);
  // Submits as the case worker and has the steering group mark it ready
  // (so hearings and claims take it); returns the proposal name.
  std::string Submit(v1::ProposalContent content);
  // Submits as the case worker and leaves it a draft; returns its name.
  std::string SubmitDraft(v1::ProposalContent content);
  // The coordinator marks `proposal` ready for the steering group.
  Command MarkReadyCommand(const std::string& proposal);
  // The coordinator publishes the standard round's catalogue.
  Command PublishCommand();
  // `r` recorded by the body whose reading it is: ØK's by the finance
  // committee, Byrådet's by the council.
  Command RecordReadingCommand(v1::RecordReadingRequest r);
  // ØK recommends the standard round's selection at its meeting on `meeting`.
  Command RecommendCommand(v1::Date meeting);
  // Byrådet approves ØK's recommendation at its meeting on `meeting`.
  Command ApproveCommand(v1::Date meeting);
  // ØK decides the standard round's expansion process on 1 March 2023
  // (`frames`: committee name and frame), which opens the expansion requests.
  Command ExpansionProcessCommand(std::vector<std::pair<std::string, int64_t>> frames = {},
                                  int64_t cap_kr = 0);
  std::string Submit(absl::string_view title, std::vector<std::string> committees, int64_t kr);

  testing_util::TempDir dir_;
  base::ManualClock clock_{absl::FromUnixSeconds(1'660'000'000)};
  std::unique_ptr<eventstore::EventStore> store_;
  std::unique_ptr<CommandProcessor> processor_;
  People who_;
};

// The google.rpc details attached to a refusal.
google::rpc::BadRequest BadRequestOf(const absl::Status& s);
google::rpc::PreconditionFailure PreconditionOf(const absl::Status& s);

MATCHER_P(HasViolation, field, "") {
  for (const auto& v : arg.field_violations()) {
    if (v.field() == field) return true;
  }
  *result_listener << "violations: " << arg.DebugString();
  return false;
}

}  // namespace budget::testing

#endif  // TESTS_SERVICES_HARNESS_H_
