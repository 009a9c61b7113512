#include "tests/fuzz/seed_state.h"

#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "services/domain/apply.h"
#include "services/domain/decide.h"
#include "services/domain/time_util.h"

namespace budget::fuzz {
namespace {

using internal::Command;

State Build() {
  State s;
  uint64_t position = 0;
  int id = 0;
  auto run = [&](Command c) {
    *c.mutable_actor() = Everyone();
    absl::StatusOr<Decision> d = Decide(s, c, Context{SeedNow(), &Everyone()});
    if (!d.ok()) std::abort();  // the scenario itself must be valid
    for (const v1::Event& e : d->events) Apply(s, e, EventMeta{++position, SeedNow(), "fuzz"});
  };
  auto next_id = [&] { return absl::StrCat("seed-", ++id); };
  {
    Command c;
    auto* r = c.mutable_create_round();
    r->set_request_id(next_id());
    r->set_round_id("2024");
    r->set_municipality("Næstved Kommune");
    r->set_budget_year(2024);
    r->set_template_(v1::ROUND_TEMPLATE_STRATEGY_2024);
    run(c);
  }
  for (const char* committee : {"socialudvalget", "boerne-og-uddannelsesudvalget"}) {
    Command c;
    auto* r = c.mutable_define_committee();
    r->set_request_id(next_id());
    r->set_parent("rounds/2024");
    r->set_committee_id(committee);
    r->mutable_committee()->set_display_name(committee);
    r->mutable_committee()->set_shortfall_kr(10'000'000);
    run(c);
  }
  {
    Command c;
    auto* r = c.mutable_define_centre();
    r->set_request_id(next_id());
    r->set_parent("rounds/2024");
    r->set_centre_id("handicap");
    r->mutable_centre()->set_display_name("Handicap");
    r->mutable_centre()->set_committee("rounds/2024/committees/socialudvalget");
    run(c);
  }
  {
    Command c;
    auto* r = c.mutable_define_workplace();
    r->set_request_id(next_id());
    r->set_parent("rounds/2024");
    r->set_workplace_id("enghaven");
    r->mutable_workplace()->set_display_name("Enghaven");
    r->mutable_workplace()->set_centre("rounds/2024/centres/handicap");
    r->mutable_workplace()->set_committee("rounds/2024/committees/socialudvalget");
    run(c);
  }
  for (int i = 0; i < 3; ++i) {
    Command c;
    auto* r = c.mutable_submit_proposal();
    r->set_request_id(next_id());
    r->set_parent("rounds/2024");
    auto* content = r->mutable_content();
    content->set_title(absl::StrCat("Forslag ", i));
    content->set_category(v1::CATEGORY_VACANCIES);
    content->add_committees("rounds/2024/committees/socialudvalget");
    if (i == 1) content->add_committees("rounds/2024/committees/boerne-og-uddannelsesudvalget");
    if (i == 2) content->add_workplaces("rounds/2024/workplaces/enghaven");
    *content->mutable_implementation_start() = MakeDate(2024, 1, 1);
    content->set_full_implementation_kr(1'000'000 * (i + 1));
    content->set_submitter_kind(v1::SUBMITTER_ADMINISTRATION);
    content->set_citizen_consequences("Længere ventetid.");
    run(c);
  }
  // Hearings and claims take only ready proposals (issue 20 §2); the
  // catalogue is published.
  for (int i = 1; i <= 3; ++i) {
    Command c;
    auto* r = c.mutable_mark_proposal_ready();
    r->set_request_id(next_id());
    r->set_name(absl::StrCat("rounds/2024/proposals/P-000", i));
    r->set_capacity(v1::APPROVER_STEERING_GROUP);
    run(c);
  }
  {
    Command c;
    auto* r = c.mutable_publish_catalogue();
    r->set_request_id(next_id());
    r->set_round("rounds/2024");
    run(c);
  }
  {
    // Claims open at the catalogue deadline (1 April 2023), after SeedNow():
    // the coordinator opens them early, as the API allows, with a reason.
    Command c;
    auto* r = c.mutable_override_gate();
    r->set_request_id(next_id());
    r->set_round("rounds/2024");
    r->set_gate(v1::GATE_CLAIMS);
    r->set_mode(v1::GATE_MODE_FORCED_OPEN);
    r->set_reason("Udvalgene vælger tidligt");
    run(c);
  }
  {
    Command c;
    auto* r = c.mutable_claim_proposal();
    r->set_request_id(next_id());
    r->set_proposal("rounds/2024/proposals/P-0001");
    r->set_committee("rounds/2024/committees/socialudvalget");
    run(c);
  }
  {
    Command c;
    auto* r = c.mutable_open_hearing();
    r->set_request_id(next_id());
    r->set_round("rounds/2024");
    r->set_title("Høring");
    r->add_proposals("rounds/2024/proposals/P-0003");
    *r->mutable_deadline() = ToProto(SeedNow() + absl::Hours(24 * 30));
    run(c);
  }
  {
    Command c;
    auto* r = c.mutable_record_meeting();
    r->set_request_id(next_id());
    r->set_round("rounds/2024");
    r->set_kind(v1::MEETING_THEME_NOVEMBER);
    *r->mutable_date() = MakeDate(2022, 11, 15);
    r->add_proposals("rounds/2024/proposals/P-0002");
    run(c);
  }
  return s;
}

}  // namespace

absl::Time SeedNow() { return absl::FromCivil(absl::CivilDay(2022, 10, 1), absl::UTCTimeZone()); }

const v1::Principal& Everyone() {
  static const v1::Principal* const p = [] {
    auto* out = new v1::Principal();
    out->set_name("users/fuzz");
    for (int r = v1::ROLE_CASE_WORKER; r <= v1::ROLE_ADMINISTRATOR; ++r)
      out->add_roles(static_cast<v1::Role>(r));
    out->set_committee("socialudvalget");
    out->set_body("rounds/2024/workplaces/enghaven");
    return out;
  }();
  return *p;
}

const State& SeedState() {
  static const State* const s = new State(Build());
  return *s;
}

}  // namespace budget::fuzz
