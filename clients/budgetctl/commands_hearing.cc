// budgetctl hearing ...: HearingService (rule 7).
#include "absl/strings/str_cat.h"
#include "budget/v1/hearing_service.grpc.pb.h"
#include "clients/budgetctl/enum_names.h"
#include "clients/budgetctl/parse.h"
#include "clients/budgetctl/resource_names.h"
#include "clients/budgetctl/rpc.h"
#include "clients/budgetctl/views.h"
#include "services/domain/names.h"

namespace budgetctl {
namespace {

namespace v1 = budget::v1;
using Stub = v1::HearingService::Stub;
using S = const std::string&;
using L = const std::vector<std::string>&;

const char kHearingHelp[] = "the hearing, e.g. rounds/2024/hearings/H-0001";

// "hmu" -> "bodies/hmu"; a name with '/' unchanged.
std::string BodyName(const std::string& text) {
  return text.find('/') == std::string::npos ? absl::StrCat("bodies/", text) : text;
}

// "[KIND:]NAME[=DISPLAY NAME]"; the kind may be left out for HMU and for
// workplaces (rounds/.../workplaces/...).
v1::HearingBody ParseBody(const std::string& round, const std::string& text) {
  v1::HearingBody body;
  std::string rest = text;
  if (size_t eq = rest.find('='); eq != std::string::npos) {
    body.set_display_name(rest.substr(eq + 1));
    rest.resize(eq);
  }
  if (size_t colon = rest.find(':'); colon != std::string::npos) {
    body.set_kind(ParseEnumAs<v1::BodyKind>(rest.substr(0, colon)));
    rest = rest.substr(colon + 1);
  }
  if (body.kind() == v1::BODY_WORKPLACE) {
    body.set_name(ChildArg(round, budget::kWorkplaces, rest));
    return body;
  }
  body.set_name(BodyName(rest));
  if (body.kind() == 0) {
    if (body.name() == budget::kHmuBody) {
      body.set_kind(v1::BODY_HMU);
    } else if (body.name().find("/workplaces/") != std::string::npos) {
      body.set_kind(v1::BODY_WORKPLACE);
    } else {
      throw UsageError(absl::StrCat("say what kind of body \"", text,
                                    "\" is: KIND:NAME, KIND one of ", EnumChoices<v1::BodyKind>()));
    }
  }
  return body;
}

// respond and amend-response take the same request.
void AddResponse(Cli& cli, CLI::App* group, const char* name, const char* help,
                 Method<Stub, v1::SubmitResponseRequest, v1::CommandResponse> method) {
  Mutation(cli, group, name, help, method)
      .Arg("HEARING", kHearingHelp, [](auto& r, S v) { r.set_hearing(v); })
      .Flag("--proposal", "the proposal responded on (id or name)",
            [](auto& r, S v) {
              r.set_proposal(ChildArg(RoundOf(r.hearing()), budget::kProposals, v));
            })
      .Flag("--body", "the responding body, e.g. hmu, bodies/brugerraadet or a workplace's name",
            [](auto& r, S v) { r.set_body(BodyName(v)); })
      .Flag("--stance", "one of: " + EnumChoices<v1::Stance>(),
            [](auto& r, S v) { r.set_stance(ParseEnumAs<v1::Stance>(v)); })
      .Flag("--text", "the response, up to 20,000 characters; @FILE reads a file",
            [](auto& r, S v) { r.set_text(ParseText(v)); })
      .List("--attachment", "a reference to an attachment kept elsewhere (repeat)",
            [](auto& r, L v) { r.mutable_attachments()->Assign(v.begin(), v.end()); });
}

}  // namespace

void AddHearingCommands(Cli& cli) {
  CLI::App* group = AddGroup(cli.app, "hearing", "Hearings of workplaces, HMU and groups (rule 7)");

  Mutation(cli, group, "open",
           "Opens a hearing on proposals; their workplaces are invited (coordinator)",
           &Stub::OpenHearing)
      .Flag("--round", kRoundHelp, [](auto& r, S v) { r.set_round(RoundArg(v)); })
      .Flag("--title", "1..200 characters", [](auto& r, S v) { r.set_title(v); })
      .List(
          "--proposal", "a proposal heard on (id or name; repeat, or a,b)",
          [](auto& r, L v) {
            SetChildNames(r.round(), budget::kProposals, v, r.mutable_proposals());
          },
          ',')
      .List("--body",
            "a body invited beyond the workplaces: [KIND:]NAME[=DISPLAY NAME], e.g. hmu or "
            "user-group:brugerraadet=Brugerrådet (repeat)",
            [](auto& r, L v) {
              r.clear_bodies();
              for (const std::string& b : v) *r.add_bodies() = ParseBody(r.round(), b);
            })
      .Flag("--deadline", "RFC 3339 instant or YYYY-MM-DD (00:00 UTC), after now",
            [](auto& r, S v) { *r.mutable_deadline() = ParseInstant(v); })
      .Switch("--spring", "this is the usual spring hearing", [](auto& r) { r.set_spring(true); });

  AddResponse(cli, group, "respond", "A body's first response on a proposal, before the deadline",
              &Stub::SubmitResponse);
  AddResponse(cli, group, "amend-response",
              "A new version of a body's response, before the deadline", &Stub::AmendResponse);

  Mutation(cli, group, "close", "Locks a hearing before its deadline (coordinator)",
           &Stub::CloseHearing)
      .Arg("HEARING", kHearingHelp, [](auto& r, S v) { r.set_hearing(v); })
      .Flag("--reason", "why (1..2000 characters)", [](auto& r, S v) { r.set_reason(v); });

  Mutation(cli, group, "decide-rehearing",
           "After an amendment, records whether a proposal must be heard again (coordinator)",
           &Stub::DecideRehearing)
      .Arg("HEARING", kHearingHelp, [](auto& r, S v) { r.set_hearing(v); })
      .Flag("--proposal", "the amended proposal (id or name)",
            [](auto& r, S v) {
              r.set_proposal(ChildArg(RoundOf(r.hearing()), budget::kProposals, v));
            })
      .Flag("--decision", "one of: " + EnumChoices<v1::RehearingDecision>(),
            [](auto& r, S v) { r.set_decision(ParseEnumAs<v1::RehearingDecision>(v)); })
      .Flag("--reason", "why (1..2000 characters)", [](auto& r, S v) { r.set_reason(v); });

  Query(cli, group, "get", "Shows a hearing: invited bodies, responses, rehearing decisions",
        &Stub::GetHearing, RenderHearing)
      .Arg("HEARING", kHearingHelp, [](auto& r, S v) { r.set_name(v); });

  Query(cli, group, "list", "Lists the hearings of a round", &Stub::ListHearings, RenderHearings)
      .Flag("--round", kRoundHelp, [](auto& r, S v) { r.set_round(RoundArg(v)); })
      .Flag("--proposal", "only hearings on this proposal (id or name)",
            [](auto& r, S v) { r.set_proposal(ChildArg(r.round(), budget::kProposals, v)); });
}

}  // namespace budgetctl
