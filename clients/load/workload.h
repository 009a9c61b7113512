#ifndef CLIENTS_LOAD_WORKLOAD_H_
#define CLIENTS_LOAD_WORKLOAD_H_

// What each op sends and what the run learns from its answer: the requests
// of submit, amend, claim, get, list and noop, built from the proposals the
// run created (ProposalPool), started asynchronously on a client thread's
// completion queue.

#include <chrono>
#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "budget/v1/allocation_service.grpc.pb.h"
#include "budget/v1/proposal_service.grpc.pb.h"
#include "clients/load/identity.h"
#include "clients/load/mix.h"
#include "clients/load/proposal_pool.h"
#include "clients/load/unary_call.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/channel.h"

namespace budget_load {

// The stubs of one channel.
struct ChannelStubs {
  explicit ChannelStubs(const std::shared_ptr<grpc::Channel>& channel);

  std::unique_ptr<budget::v1::ProposalService::Stub> proposals;
  std::unique_ptr<budget::v1::CommitteeService::Stub> committees;
  std::unique_ptr<grpc::health::v1::Health::Stub> health;
};

// What one client thread starts its calls with. Used by that thread only.
struct Lane {
  std::vector<ChannelStubs> channels;  // calls take turns over them
  size_t next_channel = 0;
  grpc::CompletionQueue* cq = nullptr;
  std::mt19937_64 rng;
  std::string request_id_prefix;  // unique to the run and the thread
  uint64_t requests = 0;          // mutating calls so far, for request ids
};

class Workload {
 public:
  struct Settings {
    std::string round;  // "rounds/{round}"
    Identity identity;
    std::chrono::milliseconds timeout{10000};  // each call's deadline
  };

  // `pool` is shared by every thread and must outlive the Workload.
  Workload(const Settings& settings, ProposalPool* pool);

  // Starts a call of `op` on `lane` whose latency counts from `intended`.
  // An op that needs a proposal the pool cannot give (none submitted yet,
  // all claimed, or all being amended) submits one instead, and is counted
  // as a submission. Returns the call, the tag the lane's queue will hand
  // back; its owner deletes it after Complete(). Thread-safe across lanes.
  Call* Start(Op op, Clock::time_point intended, Lane& lane) const;

  // The committee proposals are submitted to and claimed for: socialudvalget
  // of `round` (its resource name).
  static std::string CommitteeOf(const std::string& round);

 private:
  Call* Submit(Clock::time_point intended, Lane& lane) const;
  Call* Amend(const ProposalPool::Ref& target, Clock::time_point intended, Lane& lane) const;
  Call* Claim(const ProposalPool::Ref& target, Clock::time_point intended, Lane& lane) const;
  Call* Get(const ProposalPool::Ref& target, Clock::time_point intended, Lane& lane) const;
  Call* List(Clock::time_point intended, Lane& lane) const;
  Call* Noop(Clock::time_point intended, Lane& lane) const;

  // Creates the call object and starts it on the lane's next channel, as
  // `(stubs.*stub)->*prepare(context, request, cq)`.
  template <class Stub, class Request, class Response>
  Call* Launch(Op op, Clock::time_point intended, Lane& lane, const std::string& authorization,
               std::unique_ptr<Stub> ChannelStubs::*stub,
               std::unique_ptr<grpc::ClientAsyncResponseReader<Response>> (Stub::*prepare)(
                   grpc::ClientContext*, const Request&, grpc::CompletionQueue*),
               const Request& request, typename UnaryCall<Response>::OnDone on_done) const;

  std::string round_;
  std::string committee_;
  std::chrono::milliseconds timeout_;
  // "Bearer <token>" per role, built once rather than per call.
  std::string case_worker_;
  std::string social_;
  std::string auditor_;
  ProposalPool* pool_;
};

}  // namespace budget_load

#endif  // CLIENTS_LOAD_WORKLOAD_H_
