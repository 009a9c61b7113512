#ifndef CLIENTS_BUDGETCTL_COMMAND_ARGS_H_
#define CLIENTS_BUDGETCTL_COMMAND_ARGS_H_

// Arguments several command files declare the same way.

#include <memory>
#include <string>

#include "clients/budgetctl/command.h"
#include "clients/budgetctl/parse.h"
#include "clients/budgetctl/resource_names.h"
#include "services/domain/names.h"

namespace budgetctl {

// --round and COMMITTEE, for a request that names a committee but has no
// round field of its own (expansion set-frame, adoption correction): the
// committee is a full name, or an id when --round is given. Fills the
// request's `committee`.
template <typename Req>
RequestCommand<Req>& CommitteeArgs(RequestCommand<Req>& command) {
  // --round is declared first, so it is applied before COMMITTEE reads it.
  auto round = std::make_shared<std::string>();
  return command
      .Flag("--round", kRoundHelp, [round](Req&, const std::string& v) { *round = RoundArg(v); })
      .Arg("COMMITTEE", "the committee: its id with --round, or rounds/ROUND/committees/ID",
           [round](Req& r, const std::string& v) {
             r.set_committee(ChildArg(*round, budget::kCommittees, v));
           });
}

// DECISION (approve or reject) and --reason, for the council's decisions.
template <typename Req>
RequestCommand<Req>& DecisionArgs(RequestCommand<Req>& command, const std::string& reason_help) {
  return command
      .Arg("DECISION", "approve or reject",
           [](Req& r, const std::string& v) { r.set_approve(ParseApproval(v)); })
      .Flag("--reason", reason_help, [](Req& r, const std::string& v) { r.set_reason(v); });
}

// ROUND, --meeting-date and --agenda-item: a decision ØK or Byrådet takes
// at a meeting (`meeting`, e.g. "ØK's meeting").
template <typename Req>
RequestCommand<Req> MeetingArgs(RequestCommand<Req> command, const std::string& meeting) {
  return command
      .Arg("ROUND", kRoundHelp, [](Req& r, const std::string& v) { r.set_round(RoundArg(v)); })
      .Flag("--meeting-date", meeting + ", YYYY-MM-DD",
            [](Req& r, const std::string& v) { *r.mutable_meeting_date() = ParseDate(v); })
      .Flag("--agenda-item",
            "its agenda item or minutes reference, 1..200 characters, e.g. \"punkt 4\"",
            [](Req& r, const std::string& v) { r.set_agenda_item(v); });
}

}  // namespace budgetctl

#endif  // CLIENTS_BUDGETCTL_COMMAND_ARGS_H_
