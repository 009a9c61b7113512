#ifndef SERVICES_API_AUDIT_SERVICE_H_
#define SERVICES_API_AUDIT_SERVICE_H_

#include <atomic>

#include "budget/v1/audit_service.grpc.pb.h"
#include "services/api/api.h"

namespace budget {

// Live feed bookkeeping, for limits and metrics. Thread-safe.
struct SubscriberStats {
  std::atomic<int64_t> active{0};
  // Sum over active subscribers of (head - their cursor), as last seen.
  std::atomic<int64_t> total_lag{0};
};

class AuditServiceImpl final : public v1::AuditService::CallbackService {
 public:
  // At most this many live feeds at once; more get RESOURCE_EXHAUSTED.
  static constexpr int kMaxSubscribers = 256;

  explicit AuditServiceImpl(Api* api) : api_(api) {}

  grpc::ServerUnaryReactor* ReadLog(grpc::CallbackServerContext* ctx, const v1::ReadLogRequest* req,
                                    v1::ReadLogResponse* resp) override;
  grpc::ServerUnaryReactor* ProposalHistory(grpc::CallbackServerContext* ctx,
                                            const v1::ProposalHistoryRequest* req,
                                            v1::ProposalHistoryResponse* resp) override;
  grpc::ServerUnaryReactor* GetStateAsOf(grpc::CallbackServerContext* ctx,
                                         const v1::GetStateAsOfRequest* req,
                                         v1::RoundState* resp) override;
  grpc::ServerUnaryReactor* VerifyChain(grpc::CallbackServerContext* ctx,
                                        const v1::VerifyChainRequest* req,
                                        v1::VerifyChainResponse* resp) override;
  grpc::ServerWriteReactor<v1::LogEntry>* Subscribe(grpc::CallbackServerContext* ctx,
                                                    const v1::SubscribeRequest* req) override;
  grpc::ServerWriteReactor<v1::ExportChunk>* Export(grpc::CallbackServerContext* ctx,
                                                    const v1::ExportRequest* req) override;

  const SubscriberStats& subscribers() const { return subscribers_; }

 private:
  Api* const api_;
  SubscriberStats subscribers_;
};

}  // namespace budget

#endif  // SERVICES_API_AUDIT_SERVICE_H_
