// budgetctl audit ...: AuditService's reads for auditors: the log, a
// proposal's history, a round as of a moment, the hash chain, signed tree
// heads and Merkle proofs.
#include <iostream>

#include "absl/strings/str_cat.h"
#include "budget/v1/audit_service.grpc.pb.h"
#include "clients/budgetctl/parse.h"
#include "clients/budgetctl/resource_names.h"
#include "clients/budgetctl/rpc.h"
#include "clients/budgetctl/views.h"

namespace budgetctl {

namespace v1 = budget::v1;
using S = const std::string&;
using Stub = v1::AuditService::Stub;

namespace {

uint64_t ParsePosition(const std::string& text) {
  return static_cast<uint64_t>(ParseInteger(text, 0, INT64_MAX));
}

// "ProposalClaimed" -> "budget.v1.ProposalClaimed"; a full name unchanged.
std::string EventType(const std::string& text) {
  return text.find('.') == std::string::npos ? absl::StrCat("budget.v1.", text) : text;
}

// The chain's verdict: ok and the head hash to pin in the audit report, or
// where it breaks. Exit code kChainBroken when broken.
void AddVerify(Cli& cli, CLI::App* group) {
  RequestCommand<v1::VerifyChainRequest>(
      cli, group, "verify",
      "Walks the hash chain (and, over the whole log, checks the snapshots): prints ok and the "
      "head hash, or the first bad position or snapshot (exit code 8)")
      .Flag("--from", "the first position (default: the start)",
            [](auto& r, S v) { r.set_from_position(ParsePosition(v)); })
      .Flag("--to", "the last position (default: the head)",
            [](auto& r, S v) { r.set_to_position(ParsePosition(v)); })
      .Then([&cli](v1::VerifyChainRequest& request) {
        v1::VerifyChainResponse response;
        if (int code = Call(cli.Connect(), &Stub::VerifyChain, request, &response); code != kOk)
          return code;
        if (cli.json) {
          PrintJson(response);
        } else {
          RenderVerify(response);
        }
        return static_cast<int>(response.ok() && response.snapshots_ok() ? kOk : kChainBroken);
      });
}

}  // namespace

void AddAuditCommands(Cli& cli) {
  CLI::App* group = AddGroup(cli.app, "audit",
                             "For auditors: the log, a proposal's history, a round as of a "
                             "moment, the hash chain");

  Query(cli, group, "log",
        "The log in order, filtered (every page unless --page-size or --page-token)",
        &Stub::ReadLog, RenderLog)
      .Flag("--from", "the first position to read (default: the start)",
            [](auto& r, S v) { r.set_from_position(ParsePosition(v)); })
      .Flag("--round", "only the events of this round",
            [](auto& r, S v) { r.set_round(RoundArg(v)); })
      .Flag("--stream", "only this stream, e.g. rounds/2024/proposals/P-0001",
            [](auto& r, S v) { r.set_stream(v); })
      .Flag("--type", "only this event type, e.g. ProposalClaimed",
            [](auto& r, S v) { r.set_type(EventType(v)); })
      .Flag("--actor", "only this principal, e.g. users/cko or system/clock",
            [](auto& r, S v) { r.set_actor(v); })
      .Flag("--since", "only events recorded at or after this instant",
            [](auto& r, S v) { *r.mutable_since() = ParseInstant(v); })
      .Flag("--until", "only events recorded before this instant",
            [](auto& r, S v) { *r.mutable_until() = ParseInstant(v); });

  Query(cli, group, "history",
        "Every version of a proposal with its field changes (old → new), who and when, then every "
        "event that touched it",
        &Stub::ProposalHistory, RenderHistory)
      .Arg("PROPOSAL", "the proposal, e.g. rounds/2024/proposals/P-0001",
           [](auto& r, S v) { r.set_proposal(v); });

  Query(cli, group, "as-of",
        "A round exactly as it stood after a log position or at a time: its summary and catalogue",
        &Stub::GetStateAsOf, RenderRoundState)
      .Arg("ROUND", kRoundHelp, [](auto& r, S v) { r.set_round(RoundArg(v)); })
      .Flag("--position", "after the event at this log position",
            [](auto& r, S v) { r.set_position(ParsePosition(v)); })
      .Flag("--time", "after the last event recorded at or before this instant", [](auto& r, S v) {
        if (r.position() != 0) throw UsageError("give --position or --time, not both");
        *r.mutable_time() = ParseInstant(v);
      });

  AddVerify(cli, group);

  Query(cli, group, "head",
        "The newest signed tree head: the log's size and Merkle root, signed by the server "
        "(save it with --json to check later heads against it with budget-verify)",
        &Stub::GetSignedTreeHead, RenderTreeHead);

  Query(cli, group, "prove-inclusion",
        "The audit path proving an event is in the log, with the signed head it is proven in "
        "(check it offline: budget-verify --inclusion)",
        &Stub::GetInclusionProof, RenderInclusionProof)
      .Arg("POSITION", "the event's log position",
           [](auto& r, S v) { r.set_position(ParsePosition(v)); })
      .Flag("--tree-size", "prove it in the log of this many events (default: the newest)",
            [](auto& r, S v) { r.set_tree_size(ParsePosition(v)); });

  Query(cli, group, "prove-consistency",
        "The proof that the log of FIRST_SIZE events is a prefix of a later one, with both "
        "signed heads (check it offline against a saved head: budget-verify --consistency)",
        &Stub::GetConsistencyProof, RenderConsistencyProof)
      .Arg("FIRST_SIZE", "the older tree size, e.g. of a head saved last year",
           [](auto& r, S v) { r.set_first_size(ParsePosition(v)); })
      .Flag("--second-size", "the newer tree size (default: the newest)",
            [](auto& r, S v) { r.set_second_size(ParsePosition(v)); });
}

}  // namespace budgetctl
