// budgetctl adoption ...: AdoptionService (rules 10 and 11): the seminar,
// the readings, adoption and the technical corrections of the frames.
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "budget/v1/adoption_service.grpc.pb.h"
#include "clients/budgetctl/command_args.h"
#include "clients/budgetctl/enum_names.h"
#include "clients/budgetctl/rpc.h"

namespace budgetctl {

namespace v1 = budget::v1;
using S = const std::string&;
using L = const std::vector<std::string>&;

namespace {

// "Socialdemokratiet=for" -> {party, VOTE_FOR}. Throws UsageError.
v1::PartyVote ParsePartyVote(const std::string& text) {
  const size_t eq = text.rfind('=');
  if (eq == std::string::npos || eq == 0) {
    throw UsageError("expected PARTY=for|against|abstained, got \"" + text + "\"");
  }
  v1::PartyVote v;
  v.set_party(std::string(absl::StripAsciiWhitespace(text.substr(0, eq))));
  v.set_vote(ParseEnumAs<v1::Vote>(std::string(absl::StripAsciiWhitespace(text.substr(eq + 1)))));
  return v;
}

// "c" -> CORRECTION_C_LAW_AND_CIRCULAR: the letters of 004 §2; else an enum
// value as everywhere ("law-and-circular").
v1::CorrectionKind ParseCorrectionKind(const std::string& text) {
  const std::string t = absl::AsciiStrToLower(absl::StripAsciiWhitespace(text));
  if (t.size() == 1 && t[0] >= 'a' && t[0] <= 'k') {
    return static_cast<v1::CorrectionKind>(t[0] - 'a' + 1);
  }
  return ParseEnumAs<v1::CorrectionKind>(text);
}

// "SUBJECT=KRONER[:DESCRIPTION]", the subject an expansion or proposal of `round`.
v1::Amendment ParseAmendment(const std::string& round, const std::string& text) {
  const size_t eq = text.find('=');
  if (eq == std::string::npos) {
    throw UsageError(
        absl::StrCat("expected SUBJECT=KRONER[:DESCRIPTION], e.g. "
                     "E-0002=-3.400.000:Halv model, got \"",
                     text, "\""));
  }
  const size_t colon = text.find(':', eq);
  v1::Amendment a;
  a.set_subject(SubjectArg(round, text.substr(0, eq)));
  a.set_amount_kr(
      ParseKroner(text.substr(eq + 1, colon == std::string::npos ? colon : colon - eq - 1)));
  if (colon != std::string::npos) a.set_description(text.substr(colon + 1));
  return a;
}

}  // namespace

void AddAdoptionCommands(Cli& cli) {
  using Stub = v1::AdoptionService::Stub;
  CLI::App* group = AddGroup(cli.app, "adoption",
                             "The seminar, the readings, adoption and frame corrections (rules "
                             "10, 11)");

  Mutation(cli, group, "seminar", "Records the budget seminar, once (coordinator)",
           &Stub::RecordSeminar)
      .Arg("ROUND", kRoundHelp, [](auto& r, S v) { r.set_round(RoundArg(v)); })
      .Flag("--first-day", "YYYY-MM-DD",
            [](auto& r, S v) { *r.mutable_first_day() = ParseDate(v); })
      .Flag("--last-day", "YYYY-MM-DD", [](auto& r, S v) { *r.mutable_last_day() = ParseDate(v); })
      .List("--participant", "who took part (repeat)",
            [](auto& r, L v) { r.mutable_participants()->Assign(v.begin(), v.end()); })
      .Flag("--minutes", "up to 100,000 characters; @FILE reads a file",
            [](auto& r, S v) { r.set_minutes(ParseText(v)); });

  Mutation(cli, group, "priority",
           "Sets the seminar's indicative (vejledende), non-binding ranking; each change is a "
           "new revision (council)",
           &Stub::SetIndicativePriority)
      .Arg("ROUND", kRoundHelp, [](auto& r, S v) { r.set_round(RoundArg(v)); })
      .List(
          "--rank",
          "an expansion or proposal, highest first: E-0001, P-0003 or a full name (repeat, or a,b)",
          [](auto& r, L values) {
            r.clear_ranking();
            for (const std::string& v : values) r.add_ranking(SubjectArg(r.round(), v));
          },
          ',')
      .Flag("--note", "up to 20,000 characters; @FILE reads a file",
            [](auto& r, S v) { r.set_note(ParseText(v)); });

  Mutation(cli, group, "reading",
           "Records a reading, in order: first-finance-committee (ØK), first-council (Byrådet), "
           "second-finance-committee, second-council; each body records its own (finance "
           "committee for ØK's, council for Byrådet's)",
           &Stub::RecordReading)
      .Arg("ROUND", kRoundHelp, [](auto& r, S v) { r.set_round(RoundArg(v)); })
      .Arg("READING", "one of: " + EnumChoices<v1::ReadingKind>(),
           [](auto& r, S v) { r.set_kind(ParseEnumAs<v1::ReadingKind>(v)); })
      .Flag("--date", "the meeting, YYYY-MM-DD",
            [](auto& r, S v) { *r.mutable_date() = ParseDate(v); })
      .Flag("--outcome", "what was decided, up to 20,000 characters; @FILE reads a file",
            [](auto& r, S v) { r.set_outcome(ParseText(v)); })
      .List("--amendment",
            "a change adopted: SUBJECT=KRONER[:DESCRIPTION], SUBJECT an expansion or proposal "
            "(E-0001, P-0003), KRONER its yearly effect at full implementation, negative for a "
            "cost (repeat)",
            [](auto& r, L values) {
              r.clear_amendments();
              for (const std::string& v : values)
                *r.add_amendments() = ParseAmendment(r.round(), v);
            })
      .List(
          "--agreement-party",
          "a party of the budget agreement the 2nd reading adopts (repeat, or a,b)",
          [](auto& r, L values) {
            r.mutable_agreement()->mutable_parties()->Assign(values.begin(), values.end());
          },
          ',')
      .Flag("--agreement-text",
            "the agreement's text or where the minutes hold it; @FILE reads a file",
            [](auto& r, S v) { r.mutable_agreement()->set_text(ParseText(v)); })
      .List(
          "--agreement-item",
          "a proposal or expansion the agreement settles: P-0003, E-0001 or a full name (repeat, "
          "or a,b)",
          [](auto& r, L values) {
            r.mutable_agreement()->clear_items();
            for (const std::string& v : values)
              r.mutable_agreement()->add_items(SubjectArg(r.round(), v));
          },
          ',')
      .List("--vote", "a party's vote at a 2nd reading: PARTY=for|against|abstained (repeat)",
            [](auto& r, L values) {
              r.clear_votes();
              for (const std::string& v : values) *r.add_votes() = ParsePartyVote(v);
            });

  Mutation(cli, group, "adopt",
           "Adopts the budget after the 2nd reading in Byrådet; the round is then frozen (council)",
           &Stub::AdoptBudget)
      .Arg("ROUND", kRoundHelp, [](auto& r, S v) { r.set_round(RoundArg(v)); })
      .Flag("--meeting-date", "the meeting that adopted it, YYYY-MM-DD",
            [](auto& r, S v) { *r.mutable_meeting_date() = ParseDate(v); });

  // --kind and --round come first: COMMITTEE reads both.
  auto round = std::make_shared<std::string>();
  Mutation(cli, group, "correction",
           "Records a technical correction (004 §2 a-k) of a committee's frame, or of the round "
           "for the financing kinds e and g; a law compensation (c) whose law comes to 3 mio. kr. "
           "or more awaits an assessment and ØK's decision (coordinator)",
           &Stub::RecordFrameCorrection)
      .Flag("--kind", "the letter a..k, or one of: " + EnumChoices<v1::CorrectionKind>(),
            [](auto& r, S v) { r.set_kind(ParseCorrectionKind(v)); })
      .Flag("--round", kRoundHelp, [round](auto&, S v) { *round = RoundArg(v); })
      .Arg("COMMITTEE",
           "the committee: its id with --round, or rounds/ROUND/committees/ID; for e and g the "
           "round",
           [round](auto& r, S v) {
             if (r.kind() == v1::CORRECTION_E_LAND_AND_BUILDINGS ||
                 r.kind() == v1::CORRECTION_G_TAX_GRANTS_EQUALISATION) {
               r.set_round(RoundArg(v));
             } else {
               r.set_committee(ChildArg(*round, budget::kCommittees, v));
             }
           })
      .Flag("--law", "for c: the law change, as the law and circular programme names it",
            [](auto& r, S v) { r.set_law(v); })
      .Flag("--area", "for b: the area regulated, one of the round's demography areas",
            [](auto& r, S v) { r.set_area(v); })
      .List("--amount",
            "the change in one year: YEAR=KRONER, negative to lower the frame, e.g. "
            "2024=-1,5 mio (repeat)",
            [](auto& r, L values) { SetYearAmounts(values, r.mutable_amounts()); })
      .Flag("--reason", "why (1..2000 characters)", [](auto& r, S v) { r.set_reason(v); });

  Mutation(cli, group, "assess-correction",
           "The administration's assessment of a law compensation of 3 mio. kr. or more: what the "
           "law change means for the frame (case worker, coordinator)",
           &Stub::AssessFrameCorrection)
      .Arg("CORRECTION", "the correction, e.g. rounds/2024/corrections/C-0001",
           [](auto& r, S v) { r.set_correction(v); })
      .List("--amount",
            "the assessed change in one year: YEAR=KRONER, negative to lower the frame (repeat)",
            [](auto& r, L values) { SetYearAmounts(values, r.mutable_assessed_amounts()); })
      .Flag("--basis", "how it was computed, 1..20,000 characters; @FILE reads a file",
            [](auto& r, S v) { r.set_basis(ParseText(v)); });

  auto decide = Mutation(cli, group, "decide-correction",
                         "ØK's decision in August on an assessed law compensation; approved, the "
                         "frame changes by the assessed amounts (finance committee)",
                         &Stub::DecideFrameCorrection);
  decide.Arg("CORRECTION", "the correction, e.g. rounds/2024/corrections/C-0001",
             [](auto& r, S v) { r.set_correction(v); });
  DecisionArgs(decide, "why (1..2000 characters)");
}

}  // namespace budgetctl
