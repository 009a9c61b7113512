#ifndef SERVICES_API_AUDIT_SERVICE_H_
#define SERVICES_API_AUDIT_SERVICE_H_

#include <atomic>

#include "budget/v1/audit_service.grpc.pb.h"
#include "services/api/api.h"
#include "services/api/log_feed.h"
#include "services/audit/tree_heads.h"

namespace budget {

class AuditServiceImpl final : public v1::AuditService::CallbackService {
 public:
  // `feeds` serves Subscribe, and its limits cap the feeds and exports open
  // at once (more get RESOURCE_EXHAUSTED); `heads` serves the tree heads and
  // proofs. None is owned.
  AuditServiceImpl(Api* api, FeedHub* feeds, const TreeHeads* heads)
      : api_(api), feeds_(feeds), heads_(heads) {}

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
  grpc::ServerUnaryReactor* GetSignedTreeHead(grpc::CallbackServerContext* ctx,
                                              const v1::GetSignedTreeHeadRequest* req,
                                              v1::SignedTreeHead* resp) override;
  grpc::ServerUnaryReactor* GetInclusionProof(grpc::CallbackServerContext* ctx,
                                              const v1::GetInclusionProofRequest* req,
                                              v1::InclusionProof* resp) override;
  grpc::ServerUnaryReactor* GetConsistencyProof(grpc::CallbackServerContext* ctx,
                                                const v1::GetConsistencyProofRequest* req,
                                                v1::ConsistencyProof* resp) override;
  grpc::ServerWriteReactor<v1::LogEntry>* Subscribe(grpc::CallbackServerContext* ctx,
                                                    const v1::SubscribeRequest* req) override;
  grpc::ServerWriteReactor<v1::ExportChunk>* Export(grpc::CallbackServerContext* ctx,
                                                    const v1::ExportRequest* req) override;

  int exports() const { return exports_.load(); }

 private:
  Api* const api_;
  FeedHub* const feeds_;
  const TreeHeads* const heads_;
  std::atomic<int> subscribers_{0};
  std::atomic<int> exports_{0};
};

}  // namespace budget

#endif  // SERVICES_API_AUDIT_SERVICE_H_
