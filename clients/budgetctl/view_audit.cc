#include <iostream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "clients/budgetctl/format.h"
#include "clients/budgetctl/table.h"
#include "clients/budgetctl/views.h"

namespace budgetctl {
namespace {

namespace v1 = budget::v1;

// "budget.v1.ProposalClaimed" -> "ProposalClaimed": the package says nothing.
std::string ShortType(const std::string& type) {
  return absl::StartsWith(type, "budget.v1.") ? type.substr(10) : type;
}

std::vector<std::string> EntryCells(const v1::LogEntry& e) {
  return {absl::StrCat(e.position()), InstantSeconds(e.recorded_at()), e.actor(),
          ShortType(e.type()), e.stream()};
}

Table EntryTable(const google::protobuf::RepeatedPtrField<v1::LogEntry>& entries) {
  Table table({">position", "recorded", "actor", "type", "stream"}, "  ");
  for (const v1::LogEntry& e : entries) table.Row(EntryCells(e));
  return table;
}

void PrintVersion(const v1::ProposalVersion& v) {
  std::cout << "Version " << v.version() << ", " << InstantSeconds(v.recorded_at()) << " by "
            << v.actor() << " (log position " << v.position() << ")\n";
  if (v.changes().empty()) {
    std::cout << "  submitted: \"" << OneLine(v.content().title(), 60) << "\", "
              << Kroner(v.content().full_implementation_kr()) << " at full implementation\n";
    return;
  }
  Table changes({"field", "old", "", "new"}, "  ");
  for (const v1::FieldChange& c : v.changes()) {
    changes.Row({c.field(), OneLine(c.old_value(), 50), "→", OneLine(c.new_value(), 50)});
  }
  changes.Print(std::cout);
}

}  // namespace

std::string EntryLine(const v1::LogEntry& e) {
  const std::vector<std::string> c = EntryCells(e);
  return absl::StrFormat("%7s  %s  %-30s  %-26s  %s", c[0], c[1], c[2], c[3], c[4]);
}

void RenderLog(const v1::ReadLogResponse& response) {
  PrintSection(std::cout, "Log", EntryTable(response.entries()));
  std::cout << response.entries_size() << " events; the log's head is at position "
            << response.head_position() << "\n";
}

void RenderHistory(const v1::ProposalHistoryResponse& response) {
  std::cout << "History of " << response.proposal() << "\n\n";
  for (const v1::ProposalVersion& v : response.versions()) PrintVersion(v);
  std::cout << "\n";
  PrintSection(std::cout, "Events that touched it", EntryTable(response.events()));
}

void RenderRoundState(const v1::RoundState& state) {
  std::cout << state.round().name() << " as it stood after log position " << state.position()
            << " (" << InstantSeconds(state.as_of()) << ")\n"
            << state.proposals_size() << " proposals, " << state.hearings_size() << " hearings, "
            << state.meetings_size() << " meetings, " << state.expansions_size() << " expansions, "
            << state.corrections_size() << " frame corrections\n\n";
  RenderSummary(state.summary());
  std::cout << "\n";
  v1::ListProposalsResponse catalogue;
  *catalogue.mutable_proposals() = state.proposals();
  catalogue.set_total_size(state.proposals_size());
  RenderProposals(catalogue);
}

void RenderVerify(const v1::VerifyChainResponse& r) {
  if (r.ok()) {
    std::cout << "chain: ok, " << r.checked() << " events verified\n"
              << "head position: " << r.last_position() << "\n"
              << "head hash: " << r.last_hash() << "\n";
  } else {
    std::cout << "chain: BROKEN at position " << r.first_bad_position() << ": " << r.problem()
              << "\n"
              << "verified before it: " << r.checked() << " events\n";
  }
  if (!r.snapshots_ok()) {
    std::cout << "snapshots: MISMATCH: " << r.snapshot_problem() << "\n";
  } else if (r.snapshots_checked() > 0) {
    std::cout << "snapshots: ok, " << r.snapshots_checked() << " checked against the log\n";
  }
}

void RenderTreeHead(const v1::SignedTreeHead& head) {
  std::cout << "tree size: " << head.tree_size() << "\n"
            << "root hash: " << head.root_hash() << "\n"
            << "timestamp: " << InstantSeconds(head.timestamp()) << "\n"
            << "key id:    " << (head.key_id().empty() ? "(unsigned)" : head.key_id()) << "\n"
            << "signature: " << head.signature() << "\n";
}

namespace {

void RenderHashes(const google::protobuf::RepeatedPtrField<std::string>& hashes) {
  Table table({">#", "hash"}, "  ");
  int i = 0;
  for (const std::string& h : hashes) table.Row({absl::StrCat(++i), h});
  table.Print(std::cout);
}

}  // namespace

void RenderInclusionProof(const v1::InclusionProof& proof) {
  std::cout << "proof that event " << proof.position() << " (hash " << proof.event_hash()
            << ") is in the log of " << proof.tree_size()
            << " events (check it with budget-verify --inclusion)\n";
  RenderTreeHead(proof.head());
  std::cout << "audit path (" << proof.audit_path_size() << " hashes, leaf end first):\n";
  RenderHashes(proof.audit_path());
}

void RenderConsistencyProof(const v1::ConsistencyProof& proof) {
  std::cout << "proof that the log of " << proof.first_size()
            << " events is a prefix of the log of " << proof.second_size()
            << " (check it with budget-verify --consistency)\n\nolder head:\n";
  RenderTreeHead(proof.first_head());
  std::cout << "\nnewer head:\n";
  RenderTreeHead(proof.second_head());
  std::cout << "\nproof (" << proof.proof_size() << " hashes):\n";
  RenderHashes(proof.proof());
}

}  // namespace budgetctl
