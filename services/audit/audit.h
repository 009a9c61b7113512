#ifndef SERVICES_AUDIT_AUDIT_H_
#define SERVICES_AUDIT_AUDIT_H_

// What auditors ask of the log. Every function reads the event store (and the
// domain's pure apply/views); none writes. Thread-safe.

#include "absl/status/statusor.h"
#include "budget/v1/audit_service.pb.h"
#include "eventstore/event_store.h"
#include "services/core/personal_data.h"
#include "services/domain/state.h"

namespace budget {

// A page scans at most this many events, so a narrow filter over a long log
// answers quickly with a token to go on.
inline constexpr uint64_t kMaxScanPerPage = 100'000;

// Personal fields of the payloads as `view` shows them (log_entry.h).
absl::StatusOr<v1::ReadLogResponse> ReadLog(const eventstore::EventStore& store,
                                            const v1::ReadLogRequest& request,
                                            const PersonalView& view = {});

// Every version of the proposal with field-by-field diffs, and every event
// that touched it: its own stream, the streams of its hearings, questions and
// the meetings that showed it (found in `round`, the round as it stands now),
// and the round's events that name it (the pool, decisions, readings, rankings).
// Pages hold at most page_size items (versions first, then events) and
// kMaxPageBytes of them. Personal fields, in the events and in the versions
// and diffs derived from them, as `view` shows them.
absl::StatusOr<v1::ProposalHistoryResponse> ProposalHistory(
    const eventstore::EventStore& store, const v1::ProposalHistoryRequest& request,
    const RoundState& round, const PersonalView& view = {});

// The round as it stood at a position or time: the newest snapshot at or
// before it plus the events after it (or a replay from the start when
// `use_snapshots` is false; the answers are the same). In pages of at most
// page_size items and kMaxPageBytes: the round and summary on the first,
// then proposals, hearings, meetings, expansions and corrections. Personal
// fields stay sealed: the caller reveals the answer (services/api).
absl::StatusOr<v1::RoundState> GetStateAsOf(const eventstore::EventStore& store,
                                            const v1::GetStateAsOfRequest& request,
                                            bool use_snapshots = true);

// Walks the hash chain over the requested range, and over the whole log
// (no range given) checks the snapshots too (VerifySnapshots). A range
// starting past the head, or ending before it starts, is INVALID_ARGUMENT
// naming the field: never a verdict on the log.
absl::StatusOr<v1::VerifyChainResponse> VerifyChain(const eventstore::EventStore& store,
                                                    const v1::VerifyChainRequest& request);

}  // namespace budget

#endif  // SERVICES_AUDIT_AUDIT_H_
