// budgetctl meeting ...: MeetingService (rules 8 and 9).
#include "budget/v1/hearing_service.grpc.pb.h"
#include "clients/budgetctl/enum_names.h"
#include "clients/budgetctl/parse.h"
#include "clients/budgetctl/resource_names.h"
#include "clients/budgetctl/rpc.h"
#include "clients/budgetctl/views.h"
#include "services/domain/names.h"

namespace budgetctl {

namespace v1 = budget::v1;
using S = const std::string&;
using L = const std::vector<std::string>&;

void AddMeetingCommands(Cli& cli) {
  using Stub = v1::MeetingService::Stub;
  CLI::App* group =
      AddGroup(cli.app, "meeting", "Theme meetings, HMU dialogue, questions (rules 8, 9)");

  Mutation(cli, group, "record",
           "Records a theme meeting, HMU dialogue meeting or leaders' forum (coordinator)",
           &Stub::RecordMeeting)
      .Flag("--round", kRoundHelp, [](auto& r, S v) { r.set_round(RoundArg(v)); })
      .Flag("--kind", "one of: " + EnumChoices<v1::MeetingKind>(),
            [](auto& r, S v) { r.set_kind(ParseEnumAs<v1::MeetingKind>(v)); })
      .Flag("--date", "the day it was held, YYYY-MM-DD",
            [](auto& r, S v) { *r.mutable_date() = ParseDate(v); })
      .List("--participant", "who took part (repeat)",
            [](auto& r, L v) { r.mutable_participants()->Assign(v.begin(), v.end()); })
      .Flag("--minutes", "up to 100,000 characters; @FILE reads a file",
            [](auto& r, S v) { r.set_minutes(ParseText(v)); })
      .List(
          "--proposal", "a proposal shown or discussed (id or name; repeat, or a,b)",
          [](auto& r, L v) {
            SetChildNames(r.round(), budget::kProposals, v, r.mutable_proposals());
          },
          ',');

  Mutation(cli, group, "inform",
           "Records that a body (HMU) was informed of the round, and of what (coordinator)",
           &Stub::InformBody)
      .Flag("--round", kRoundHelp, [](auto& r, S v) { r.set_round(RoundArg(v)); })
      .Flag("--body", "the body informed, e.g. bodies/hmu", [](auto& r, S v) { r.set_body(v); })
      .Flag("--what", "what was sent, up to 20,000 characters; @FILE reads a file",
            [](auto& r, S v) { r.set_what(ParseText(v)); });

  Mutation(cli, group, "ask",
           "A council member's question on a proposal shown at a theme meeting (council)",
           &Stub::AskQuestion)
      .Arg("PROPOSAL", "the proposal, e.g. rounds/2024/proposals/P-0001",
           [](auto& r, S v) { r.set_proposal(v); })
      .Flag("--meeting", "the theme meeting it was shown at (id or name)",
            [](auto& r, S v) {
              r.set_meeting(ChildArg(RoundOf(r.proposal()), budget::kMeetings, v));
            })
      .Flag("--text", "the question", [](auto& r, S v) { r.set_text(ParseText(v)); });

  Mutation(cli, group, "answer",
           "The administration's answer to a question (case worker, coordinator)",
           &Stub::AnswerQuestion)
      .Arg("QUESTION", "the question, e.g. rounds/2024/questions/Q-0001",
           [](auto& r, S v) { r.set_question(v); })
      .Flag("--answer", "the answer; @FILE reads a file",
            [](auto& r, S v) { r.set_answer(ParseText(v)); });

  Mutation(cli, group, "waive", "Waives a process requirement, with a reason (coordinator)",
           &Stub::WaiveRequirement)
      .Flag("--round", kRoundHelp, [](auto& r, S v) { r.set_round(RoundArg(v)); })
      .Flag("--requirement", "one of: " + EnumChoices<v1::Requirement>(),
            [](auto& r, S v) { r.set_requirement(ParseEnumAs<v1::Requirement>(v)); })
      .Flag("--reason", "why (1..2000 characters)", [](auto& r, S v) { r.set_reason(v); });

  Query(cli, group, "list", "Lists a round's meetings, questions, information given and waivers",
        &Stub::ListMeetings, RenderMeetings)
      .Flag("--round", kRoundHelp, [](auto& r, S v) { r.set_round(RoundArg(v)); });
}

}  // namespace budgetctl
