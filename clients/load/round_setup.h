#ifndef CLIENTS_LOAD_ROUND_SETUP_H_
#define CLIENTS_LOAD_ROUND_SETUP_H_

// The round the load runs in: created on request (--setup) with its phases
// open now, and checked before every run, so that a run measures the server
// doing its work rather than refusing it.

#include <chrono>
#include <memory>
#include <string>

#include "clients/load/mix.h"
#include "clients/load/proposal_pool.h"
#include "grpcpp/channel.h"

namespace budget_load {

// Makes sure round `round_id` exists with submissions and claims open now:
// creates it (no template, budget year 2024) unless it exists, plans
// MILESTONE_WORK_STARTED for yesterday and MILESTONE_CLAIMS_DEADLINE and
// MILESTONE_PROPOSALS_PRESENTED a year ahead (midnight UTC, so a repeat on
// the same day is answered from the request record and writes nothing; a
// later day moves them along), and defines committee socialudvalget with a
// shortfall. Acts as `coordinator_token`; each call ends within `timeout`.
// Throws std::runtime_error with the server's answer when a step fails.
void SetUpRound(const std::shared_ptr<grpc::Channel>& channel, const std::string& round_id,
                const std::string& coordinator_token, std::chrono::milliseconds timeout);

// Checks, as `reader_token`, that round `round_id` exists and that what
// `mix` does is possible in it now: submissions open and committee
// socialudvalget defined for submit, amend, claim and get (they submit), the
// claims phase open for claim. Throws std::runtime_error saying what is
// wrong (suggesting --setup for a missing round).
void CheckRound(const std::shared_ptr<grpc::Channel>& channel, const std::string& round_id,
                const std::string& reader_token, const Mix& mix, std::chrono::milliseconds timeout);

// Marks every proposal of `pool` ready for the steering group, as
// `coordinator_token` (hearings and claims take only ready proposals, issue
// 20 §2), and offers each to the claims. Throws std::runtime_error with the
// server's answer when one cannot be marked.
void MarkReadyForClaims(const std::shared_ptr<grpc::Channel>& channel,
                        const std::string& coordinator_token, std::chrono::milliseconds timeout,
                        ProposalPool* pool);

}  // namespace budget_load

#endif  // CLIENTS_LOAD_ROUND_SETUP_H_
