// budgetctl agreement ... and dialogue ...: AgreementService and
// DialogueService (seed 003; rules 7, 31, 32).
#include <vector>

#include "absl/strings/str_split.h"
#include "budget/v1/agreement_service.grpc.pb.h"
#include "clients/budgetctl/command_args.h"
#include "clients/budgetctl/enum_names.h"
#include "clients/budgetctl/parse.h"
#include "clients/budgetctl/process_args.h"
#include "clients/budgetctl/rpc.h"
#include "clients/budgetctl/views_process.h"

namespace budgetctl {

namespace v1 = budget::v1;
using S = const std::string&;
using L = const std::vector<std::string>&;

namespace {

const char kAgreementHelp[] = "the agreement, e.g. agreements/A-0001";
const char kMeetingHelp[] = "the meeting, e.g. dialogue-meetings/D-0001";

std::string CommitteeArg(S v) { return ProcessName("committees", v); }
std::string WorkplaceArg(S v) { return ProcessName("workplaces", v); }

// --goal ID|TITLE|INDICATOR|TARGET, --shared-goal, --from, --to.
template <typename Req>
void AddTerms(RequestCommand<Req>& c, v1::AgreementTerms* (*terms)(Req&)) {
  c.List(
       "--goal", "a goal: ID|TITLE|INDICATOR|TARGET (repeat; at most 5, rule 31)",
       [terms](auto& r, L values) {
         terms(r)->clear_goals();
         for (S v : values) {
           std::vector<std::string> parts = absl::StrSplit(v, '|');
           if (parts.size() != 4) {
             throw UsageError(absl::StrCat("expected ID|TITLE|INDICATOR|TARGET, got \"", v, "\""));
           }
           v1::AgreementGoal* g = terms(r)->add_goals();
           g->set_id(parts[0]);
           g->set_title(parts[1]);
           g->set_indicator(parts[2]);
           g->set_target(parts[3]);
         }
       })
      .List("--shared-goal", "an organisation-wide goal it supports (repeat)",
            [terms](auto& r, L values) {
              terms(r)->clear_shared_goals();
              for (S v : values) terms(r)->add_shared_goals(v);
            })
      .Flag("--from", "the first year",
            [terms](auto& r, S v) { terms(r)->set_first_year(ParseInteger(v, 2000, 2100)); })
      .Flag("--to", "the last year",
            [terms](auto& r, S v) { terms(r)->set_last_year(ParseInteger(v, 2000, 2100)); });
}

void AddAgreementCommands(Cli& cli) {
  using Stub = v1::AgreementService::Stub;
  CLI::App* group = AddGroup(cli.app, "agreement",
                             "Development agreements between a committee and a workplace (003)");
  auto draft = Mutation(cli, group, "draft", "A first draft (coordinator, committee, workplace)",
                        &Stub::DraftAgreement);
  draft
      .Flag("--committee", "e.g. socialudvalget",
            [](auto& r, S v) { r.set_committee(CommitteeArg(v)); })
      .Flag("--workplace", "e.g. skaelskoer-plejecenter",
            [](auto& r, S v) { r.set_workplace(WorkplaceArg(v)); })
      .Flag("--title", "1..200 characters", [](auto& r, S v) { r.set_title(v); });
  AddTerms<v1::DraftAgreementRequest>(
      draft, [](v1::DraftAgreementRequest& r) { return r.mutable_terms(); });

  auto revise = Mutation(cli, group, "revise",
                         "A new version of the terms, before anyone signed; the diff is kept",
                         &Stub::ReviseAgreement);
  revise.Arg("AGREEMENT", kAgreementHelp, [](auto& r, S v) { r.set_agreement(v); })
      .Flag("--expected-version", "the version you read",
            [](auto& r, S v) { r.set_expected_version(ParseInteger(v, 1, 1'000'000)); });
  AddTerms<v1::ReviseAgreementRequest>(
      revise, [](v1::ReviseAgreementRequest& r) { return r.mutable_terms(); });

  Mutation(cli, group, "sign",
           "One party's signature on the current version (the committee; the workplace)",
           &Stub::SignAgreement)
      .Arg("AGREEMENT", kAgreementHelp, [](auto& r, S v) { r.set_agreement(v); })
      .Flag("--party", EnumChoices<v1::AgreementParty>(),
            [](auto& r, S v) { r.set_party(ParseEnumAs<v1::AgreementParty>(v)); })
      .Flag("--version", "the version signed",
            [](auto& r, S v) { r.set_version(ParseInteger(v, 1, 1'000'000)); })
      .Flag("--date", "YYYY-MM-DD", [](auto& r, S v) { *r.mutable_date() = ParseDate(v); });

  Mutation(cli, group, "follow-up", "The yearly follow-up of one goal (rule 32)",
           &Stub::FollowUpGoal)
      .Arg("AGREEMENT", kAgreementHelp, [](auto& r, S v) { r.set_agreement(v); })
      .Flag("--year", "the year followed up",
            [](auto& r, S v) { r.set_year(ParseInteger(v, 2000, 2100)); })
      .Flag("--goal", "the goal's id", [](auto& r, S v) { r.set_goal(v); })
      .Flag("--value", "the reported value", [](auto& r, S v) { r.set_reported_value(v); })
      .Flag("--met", "yes or no", [](auto& r, S v) { r.set_met(ParseBool(v)); })
      .Flag("--comment", "@FILE reads a file", [](auto& r, S v) { r.set_comment(ParseText(v)); });

  auto end = Mutation(cli, group, "end",
                      "Ends an agreement, or with --renew drafts its successor (coordinator, "
                      "committee)",
                      &Stub::EndAgreement);
  end.Arg("AGREEMENT", kAgreementHelp, [](auto& r, S v) { r.set_agreement(v); })
      .Flag("--date", "YYYY-MM-DD", [](auto& r, S v) { *r.mutable_date() = ParseDate(v); })
      .Flag("--reason", "why", [](auto& r, S v) { r.set_reason(v); })
      .Switch("--renew", "renew it with the terms given", [](auto& r) { r.set_renew(true); });
  AddTerms<v1::EndAgreementRequest>(
      end, [](v1::EndAgreementRequest& r) { return r.mutable_renewal_terms(); });

  Query(cli, group, "get", "Shows an agreement: versions with diffs, signatures, follow-ups",
        &Stub::GetAgreement, RenderAgreement)
      .Arg("AGREEMENT", kAgreementHelp, [](auto& r, S v) { r.set_name(v); });
  Query(cli, group, "list", "Lists agreements", &Stub::ListAgreements, RenderAgreements)
      .Flag("--committee", "only this committee's",
            [](auto& r, S v) { r.set_committee(CommitteeArg(v)); })
      .Flag("--workplace", "only this workplace's",
            [](auto& r, S v) { r.set_workplace(WorkplaceArg(v)); });
}

void AddDialogueCommands(Cli& cli) {
  using Stub = v1::DialogueService::Stub;
  CLI::App* group = AddGroup(cli.app, "dialogue",
                             "Dialogue meetings between committees and workplace leaders, and "
                             "committee cases about a workplace (003)");
  Mutation(cli, group, "plan", "Plans a committee's meetings of a year, one per workplace",
           &Stub::PlanDialogueMeetings)
      .Flag("--committee", "e.g. socialudvalget",
            [](auto& r, S v) { r.set_committee(CommitteeArg(v)); })
      .Flag("--year", "the year", [](auto& r, S v) { r.set_year(ParseInteger(v, 2000, 2100)); })
      .List("--workplace", "a workplace (repeat)", [](auto& r, L values) {
        for (S v : values) r.add_workplaces(WorkplaceArg(v));
      });

  Mutation(cli, group, "held", "Records a planned meeting as held", &Stub::RecordDialogueMeeting)
      .Arg("MEETING", kMeetingHelp, [](auto& r, S v) { r.set_meeting(v); })
      .Flag("--date", "YYYY-MM-DD", [](auto& r, S v) { *r.mutable_date() = ParseDate(v); })
      .Flag("--place", "where", [](auto& r, S v) { r.set_place(v); })
      .Switch("--at-workplace", "held at the workplace", [](auto& r) { r.set_at_workplace(true); })
      .List("--participant", "who took part (repeat)",
            [](auto& r, L values) {
              for (S v : values) r.add_participants(v);
            })
      .Flag("--presenter", "who presented the workplace", [](auto& r, S v) { r.set_presenter(v); })
      .List("--minutes", "a minutes reference (repeat)",
            [](auto& r, L values) {
              for (S v : values) r.add_minutes_references(v);
            })
      .List("--question", "a question raised: ASKED_BY|TEXT (repeat)", [](auto& r, L values) {
        for (S v : values) {
          const size_t bar = v.find('|');
          if (bar == std::string::npos) {
            throw UsageError(absl::StrCat("expected ASKED_BY|TEXT, got \"", v, "\""));
          }
          v1::DialogueQuestion* q = r.add_questions();
          q->set_asked_by(v.substr(0, bar));
          q->set_text(v.substr(bar + 1));
        }
      });

  Mutation(cli, group, "answer", "Answers a question raised at a meeting",
           &Stub::AnswerDialogueQuestion)
      .Arg("MEETING", kMeetingHelp, [](auto& r, S v) { r.set_meeting(v); })
      .Arg("QUESTION", "e.g. Q1", [](auto& r, S v) { r.set_question(v); })
      .Flag("--answer", "@FILE reads a file", [](auto& r, S v) { r.set_answer(ParseText(v)); });

  Mutation(cli, group, "case",
           "Records a committee's case about a workplace, its presenter and how the workplace was "
           "heard first (rule 7)",
           &Stub::RecordCommitteeCase)
      .Flag("--committee", "e.g. socialudvalget",
            [](auto& r, S v) { r.set_committee(CommitteeArg(v)); })
      .Flag("--workplace", "the workplace the case is about",
            [](auto& r, S v) { r.set_workplace(WorkplaceArg(v)); })
      .Flag("--title", "the case", [](auto& r, S v) { r.set_title(v); })
      .Flag("--meeting-date", "the committee's meeting, YYYY-MM-DD",
            [](auto& r, S v) { *r.mutable_meeting_date() = ParseDate(v); })
      .Flag("--presenter", "who presented it", [](auto& r, S v) { r.set_presenter(v); })
      .Flag("--presenter-role", EnumChoices<v1::PresenterRole>(),
            [](auto& r, S v) { r.set_presenter_role(ParseEnumAs<v1::PresenterRole>(v)); })
      .Flag("--heard-on", "the day the workplace was heard, YYYY-MM-DD",
            [](auto& r, S v) { *r.mutable_heard()->mutable_date() = ParseDate(v); })
      .Flag("--heard-how", "how it was heard", [](auto& r, S v) { r.mutable_heard()->set_how(v); });

  Query(cli, group, "year", "A committee's meetings of a year and the workplaces that had none",
        &Stub::GetDialogueYear, RenderDialogueYear)
      .Flag("--committee", "e.g. socialudvalget",
            [](auto& r, S v) { r.set_committee(CommitteeArg(v)); })
      .Flag("--year", "the year", [](auto& r, S v) { r.set_year(ParseInteger(v, 2000, 2100)); });
  Query(cli, group, "cases", "Committee cases about workplaces", &Stub::ListCommitteeCases,
        RenderCommitteeCases)
      .Flag("--committee", "only this committee's",
            [](auto& r, S v) { r.set_committee(CommitteeArg(v)); })
      .Flag("--workplace", "only about this workplace",
            [](auto& r, S v) { r.set_workplace(WorkplaceArg(v)); });
}

}  // namespace

void AddAgreementAndDialogueCommands(Cli& cli) {
  AddAgreementCommands(cli);
  AddDialogueCommands(cli);
}

}  // namespace budgetctl
