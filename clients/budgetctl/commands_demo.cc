// budgetctl demo strategy-2024: plays Næstved's budget year 2024 (seed 004)
// into a budgetd started with --demo_clock, through the public API only,
// then reports the totals.
#include <iostream>
#include <sstream>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "budget/v1/adoption_service.grpc.pb.h"
#include "budget/v1/audit_service.grpc.pb.h"
#include "budget/v1/round_service.grpc.pb.h"
#include "clients/budgetctl/cli.h"
#include "clients/budgetctl/demo_script.h"
#include "clients/budgetctl/demo_slagelse.h"
#include "clients/budgetctl/demo_tokens.h"
#include "clients/budgetctl/format.h"
#include "clients/budgetctl/table.h"
#include "nlohmann/json.hpp"

namespace budgetctl {
namespace {

namespace v1 = budget::v1;
using demo::Role;
using demo::Runner;

struct DemoFlags {
  std::string round_id = "2024";
  std::string tokens = ".budget/demo-tokens";
  bool verbose = false;
};

struct Outcome {
  v1::RoundSummary summary;
  v1::ListExpansionsResponse expansions;
  v1::VerifyChainResponse chain;
};

Outcome Fetch(const Runner& run) {
  Outcome o;
  v1::GetRoundSummaryRequest summary;
  summary.set_round(run.round());
  o.summary = run.Read(Role::kAuditor, &v1::RoundService::Stub::GetRoundSummary, summary);
  v1::ListExpansionsRequest expansions;
  expansions.set_round(run.round());
  o.expansions = run.Read(Role::kAuditor, &v1::ExpansionService::Stub::ListExpansions, expansions);
  o.chain =
      run.Read(Role::kAuditor, &v1::AuditService::Stub::VerifyChain, v1::VerifyChainRequest());
  return o;
}

std::string CommitteeClaims(const v1::Totals& t) {
  std::string out;
  for (const v1::CommitteeTotals& c : t.committees()) {
    if (c.claimed_kr() == 0) continue;
    absl::StrAppend(&out, out.empty() ? "" : ", ", c.display_name(), " ", Mio(c.claimed_kr()));
  }
  return out;
}

void PrintReport(const Runner& run, const Outcome& o) {
  const v1::Totals& t = o.summary.full_implementation();
  int64_t approved = 0;
  int approved_count = 0;
  for (const v1::Expansion& x : o.expansions.expansions()) {
    if (x.status() != v1::EXPANSION_APPROVED) continue;
    approved += x.full_implementation_kr();
    ++approved_count;
  }
  std::cout << "\n"
            << run.steps() << " steps: " << run.written() << " written, " << run.deduplicated()
            << " already recorded (deduplicated)\n\n"
            << "Budget 2024, " << run.round() << ", at full implementation:\n";
  Table report({}, "  ");
  report
      .Row({"Catalogue", Mio(t.catalogue_kr()),
            absl::StrCat(o.summary.proposal_count() - o.summary.withdrawn_count(), " proposals (",
                         o.summary.withdrawn_count(), " withdrawn); target ",
                         Mio(t.catalogue_target_kr()))})
      .Row({"Cross-cutting", Mio(t.cross_cutting_kr()),
            absl::StrCat(Percent(t.cross_cutting_share_bp()), " of the catalogue; target ",
                         Percent(t.cross_cutting_target_bp()))})
      .Row({"Claimed by committees", Mio(t.claimed_kr()), CommitteeClaims(t)})
      .Row({"Pool after the claims", Mio(t.pool_kr()), ""})
      .Row({"Råderum approved", Mio(t.approved_kr()),
            absl::StrCat("target ", Mio(t.raaderum_target_kr()))})
      .Row({"Expansions approved", Mio(approved),
            absl::StrCat(approved_count, " of ", o.expansions.expansions_size(), " requested")});
  report.Print(std::cout);
  std::cout
      << "\nchain: " << (o.chain.ok() ? "ok" : "BROKEN") << ", " << o.chain.checked()
      << " events; head hash " << o.chain.last_hash() << "\n\n"
      << "See it as any role, e.g. with BUDGET_TOKEN=$BUDGET_TOKEN_AUDITOR: budgetctl summary "
      << run.round_id() << ", budgetctl round get " << run.round_id()
      << ", budgetctl audit log --round " << run.round_id() << "\n";
}

void PrintJsonReport(const Runner& run, const Outcome& o) {
  nlohmann::json report = {{"round", run.round()},
                           {"steps", run.steps()},
                           {"written", run.written()},
                           {"deduplicated", run.deduplicated()},
                           {"summary", nlohmann::json::parse(ToJson(o.summary))},
                           {"expansions", nlohmann::json::parse(ToJson(o.expansions))},
                           {"chain", nlohmann::json::parse(ToJson(o.chain))}};
  std::cout << report.dump(2) << "\n";
}

int RunStrategy2024(const Cli& cli, const DemoFlags& flags, bool tokens_given) {
  const auto tokens = ReadDemoTokens(flags.tokens, tokens_given, demo::TokenNames());
  Runner run(cli.Connect(), tokens, flags.round_id, flags.verbose && !cli.json);
  return demo::PlayAndReport(
      cli.json,
      [&] {
        run.CheckStart();
        std::cout << "Budget strategy 2024 (Næstved Kommune, seed 004) into " << run.round()
                  << (run.resumed() ? ": the round exists, steps already recorded come back "
                                      "deduplicated\n"
                                    : "\n");
        demo::PlayCatalogue(run);
        demo::PlaySpring(run);
        demo::PlayAutumn(run);
      },
      [&] { return Fetch(run); },
      [&](const Outcome& outcome) {
        cli.json ? PrintJsonReport(run, outcome) : PrintReport(run, outcome);
      });
}

}  // namespace

void AddDemoCommands(Cli& cli) {
  CLI::App* group = AddGroup(cli.app, "demo", "Demonstrations against a budgetd with a demo clock");
  auto flags = std::make_shared<DemoFlags>();
  CLI::App* strategy = group->add_subcommand(
      "strategy-2024",
      "Plays Næstved Kommune's budget year 2024 (seed 004) from August 2022 to adoption on "
      "10 October 2023 into a budgetd started with --demo_clock=2022-08-01T08:00:00Z, moving its "
      "clock; running it again writes nothing");
  strategy->add_option("--round-id", flags->round_id, "the round's id")->capture_default_str();
  CLI::Option* tokens =
      strategy
          ->add_option("--tokens", flags->tokens,
                       "NAME=token lines for the roles (BUDGET_TOKEN_COORDINATOR, "
                       "...); the environment overrides them")
          ->capture_default_str();
  strategy->add_flag("--verbose,-v", flags->verbose, "print every step");
  strategy->callback([&cli, flags, tokens] {
    cli.action = [&cli, flags, tokens] {
      return RunStrategy2024(cli, *flags, tokens->count() > 0);
    };
  });
  AddSlagelseDemo(cli, group);
}

}  // namespace budgetctl
