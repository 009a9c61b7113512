#ifndef SERVICES_API_AUDIT_SERVICE_H_
#define SERVICES_API_AUDIT_SERVICE_H_

#include <atomic>

#include "budget/v1/audit_service.grpc.pb.h"
#include "services/api/api.h"
#include "services/api/log_feed.h"

namespace budget {

class AuditServiceImpl final : public v1::AuditService::CallbackService {
 public:
  // `feeds` serves Subscribe, and its limits cap the feeds and exports open
  // at once (more get RESOURCE_EXHAUSTED); neither is owned.
  AuditServiceImpl(Api* api, FeedHub* feeds) : api_(api), feeds_(feeds) {}

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

  int exports() const { return exports_.load(); }

 private:
  Api* const api_;
  FeedHub* const feeds_;
  std::atomic<int> subscribers_{0};
  std::atomic<int> exports_{0};
};

}  // namespace budget

#endif  // SERVICES_API_AUDIT_SERVICE_H_
