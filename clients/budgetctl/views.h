#ifndef CLIENTS_BUDGETCTL_VIEWS_H_
#define CLIENTS_BUDGETCTL_VIEWS_H_

// What people see on stdout for each read: key/value blocks and tables,
// amounts in kroner ("110.000.000 kr.") and, in the summary, "mio. kr.".

#include <string>

#include "budget/v1/adoption_service.pb.h"
#include "budget/v1/audit_service.pb.h"
#include "budget/v1/hearing_service.pb.h"
#include "budget/v1/proposal_service.pb.h"
#include "budget/v1/round_service.pb.h"
#include "budget/v1/summary.pb.h"

namespace budgetctl {

// view_round.cc
void RenderRound(const budget::v1::Round& round);
void RenderRounds(const budget::v1::ListRoundsResponse& response);
// The milestones (planned and reached), the gates as they stand, the overrides.
void RenderTimeline(const budget::v1::Round& round);
// The caller's tasks, soonest due first.
void RenderTasks(const budget::v1::ListMyTasksResponse& response);

// view_summary.cc: the running totals against the targets, then per year.
void RenderSummary(const budget::v1::RoundSummary& summary);

// view_proposal.cc
void RenderProposal(const budget::v1::Proposal& proposal);
// A proposal's amount lines, one-off costs, staff effects and attachments
// (view_economics.cc).
void PrintProposalEconomics(const budget::v1::ProposalContent& content);
// The summary's economics per committee and per workplace at full
// implementation (the per-year rows are in RenderSummary's table).
void PrintSummaryEconomics(const budget::v1::RoundSummary& summary);
void RenderProposals(const budget::v1::ListProposalsResponse& response);
void RenderSuggestions(const budget::v1::ListSuggestionsResponse& response);

// view_hearing.cc
void RenderHearing(const budget::v1::Hearing& hearing);
void RenderHearings(const budget::v1::ListHearingsResponse& response);
void RenderMeetings(const budget::v1::ListMeetingsResponse& response);

// view_expansion.cc
void RenderExpansion(const budget::v1::Expansion& expansion);
void RenderExpansions(const budget::v1::ListExpansionsResponse& response);

// view_audit.cc
// One event on one line, for watch: position, time, actor, type, stream.
std::string EntryLine(const budget::v1::LogEntry& entry);
void RenderLog(const budget::v1::ReadLogResponse& response);
// The versions with their field changes (old → new), then the events.
void RenderHistory(const budget::v1::ProposalHistoryResponse& response);
// The round's summary and catalogue as of the state's position.
void RenderRoundState(const budget::v1::RoundState& state);
// "chain: ok" and the head hash, or where the chain breaks.
void RenderVerify(const budget::v1::VerifyChainResponse& response);
// Size, root, time, key and signature of a signed tree head.
void RenderTreeHead(const budget::v1::SignedTreeHead& head);
// The event, the head it is proven in, and the audit path as a table.
void RenderInclusionProof(const budget::v1::InclusionProof& proof);
// The two heads and the proof's hashes as a table.
void RenderConsistencyProof(const budget::v1::ConsistencyProof& proof);

}  // namespace budgetctl

#endif  // CLIENTS_BUDGETCTL_VIEWS_H_
