#include "services/api/audit_service.h"

#include "absl/strings/str_cat.h"
#include "services/api/stream_reactor.h"
#include "services/audit/audit.h"
#include "services/audit/export.h"
#include "services/audit/log_entry.h"
#include "services/domain/errors.h"
#include "services/domain/follow.h"
#include "services/domain/names.h"
#include "services/domain/views.h"

namespace budget {

grpc::ServerUnaryReactor* AuditServiceImpl::ReadLog(grpc::CallbackServerContext* ctx,
                                                    const v1::ReadLogRequest* req,
                                                    v1::ReadLogResponse* resp) {
  return api_->Answer(ctx, "ReadLog", resp, [&](const PersonalView& view) {
    return budget::ReadLog(*api_->processor()->store(), *req, view);
  });
}

grpc::ServerUnaryReactor* AuditServiceImpl::ProposalHistory(grpc::CallbackServerContext* ctx,
                                                            const v1::ProposalHistoryRequest* req,
                                                            v1::ProposalHistoryResponse* resp) {
  return api_->Answer(
      ctx, "ProposalHistory", resp,
      [&](const PersonalView& view) -> absl::StatusOr<v1::ProposalHistoryResponse> {
        absl::StatusOr<ChildRef> ref = ParseChildName(req->proposal(), kProposals, "proposal");
        if (!ref.ok()) return ref.status();
        // A copy of the round, so the log is read without holding the projection's lock.
        std::optional<RoundState> round = api_->processor()->Read([&](const State& s, absl::Time) {
          auto it = s.rounds().find(ref->round_id);
          return it == s.rounds().end() ? std::optional<RoundState>()
                                        : std::optional<RoundState>(it->second);
        });
        if (!round.has_value()) return NotFound("round", RoundName(ref->round_id));
        return budget::ProposalHistory(*api_->processor()->store(), *req, *round, view);
      });
}

grpc::ServerUnaryReactor* AuditServiceImpl::GetStateAsOf(grpc::CallbackServerContext* ctx,
                                                         const v1::GetStateAsOfRequest* req,
                                                         v1::RoundState* resp) {
  return api_->Answer(ctx, "GetStateAsOf", resp,
                      [&] { return budget::GetStateAsOf(*api_->processor()->store(), *req); });
}

grpc::ServerUnaryReactor* AuditServiceImpl::VerifyChain(grpc::CallbackServerContext* ctx,
                                                        const v1::VerifyChainRequest* req,
                                                        v1::VerifyChainResponse* resp) {
  return api_->Answer(ctx, "VerifyChain", resp,
                      [&] { return budget::VerifyChain(*api_->processor()->store(), *req); });
}

grpc::ServerUnaryReactor* AuditServiceImpl::GetSignedTreeHead(grpc::CallbackServerContext* ctx,
                                                              const v1::GetSignedTreeHeadRequest*,
                                                              v1::SignedTreeHead* resp) {
  return api_->Answer(ctx, "GetSignedTreeHead", resp, [&] { return heads_->Newest(); });
}

grpc::ServerUnaryReactor* AuditServiceImpl::GetInclusionProof(
    grpc::CallbackServerContext* ctx, const v1::GetInclusionProofRequest* req,
    v1::InclusionProof* resp) {
  return api_->Answer(ctx, "GetInclusionProof", resp, [&] { return heads_->Inclusion(*req); });
}

grpc::ServerUnaryReactor* AuditServiceImpl::GetConsistencyProof(
    grpc::CallbackServerContext* ctx, const v1::GetConsistencyProofRequest* req,
    v1::ConsistencyProof* resp) {
  return api_->Answer(ctx, "GetConsistencyProof", resp, [&] { return heads_->Consistency(*req); });
}

grpc::ServerWriteReactor<v1::LogEntry>* AuditServiceImpl::Subscribe(
    grpc::CallbackServerContext* ctx, const v1::SubscribeRequest* req) {
  absl::StatusOr<v1::Principal> who = api_->Admit(*ctx, "Subscribe");
  absl::StatusOr<FeedScope> scope = who.ok() ? DecideFeedScope(*who, *req) : who.status();
  absl::Status admitted = scope.status();
  const int max_feeds = feeds_->limits().max_feeds;
  if (admitted.ok() && subscribers_.fetch_add(1) >= max_feeds) {
    subscribers_.fetch_sub(1);
    admitted = absl::ResourceExhaustedError(
        absl::StrCat("at most ", max_feeds, " live feeds at once; try again later"));
  }
  const absl::Time start = absl::Now();
  if (!admitted.ok()) {
    api_->Record("Subscribe", admitted, start, "", false);
    return StreamReactor<v1::LogEntry>::Start([admitted](auto*) { return ToGrpcStatus(admitted); });
  }
  // What the feed shows is decided by Shows alone; the full log needs no
  // look at the projection.
  CommandProcessor* processor = api_->processor();
  auto shows = [processor, scope = *std::move(scope)](absl::string_view stream) {
    if (scope.full_log) return Shows(scope, State::default_instance(), stream);
    return processor->Read([&](const State& s, absl::Time) { return Shows(scope, s, stream); });
  };
  return feeds_->Start(
      req->from_position(), std::move(shows),
      [this, start](const absl::Status& s) {
        subscribers_.fetch_sub(1);
        api_->Record("Subscribe", s, start, "", false);
      },
      api_->ViewFor(*who),
      req->payload_bytes_suffice() ? PayloadForm::kBytesUnlessPersonal : PayloadForm::kStructured);
}

grpc::ServerWriteReactor<v1::ExportChunk>* AuditServiceImpl::Export(
    grpc::CallbackServerContext* ctx, const v1::ExportRequest* req) {
  absl::StatusOr<v1::Principal> who = api_->Admit(*ctx, "Export");
  absl::Status admitted = who.status();
  const PersonalView view = who.ok() ? api_->ViewFor(*who) : PersonalView();
  const int max_exports = feeds_->limits().max_exports;
  if (admitted.ok() && exports_.fetch_add(1) >= max_exports) {
    exports_.fetch_sub(1);
    admitted = absl::ResourceExhaustedError(
        absl::StrCat("at most ", max_exports, " exports at once; try again later"));
  }
  const v1::ExportRequest request = *req;
  CommandProcessor* processor = api_->processor();
  const absl::Time start = absl::Now();
  return StreamReactor<v1::ExportChunk>::Start(
      [this, admitted, request, processor, start, view](StreamReactor<v1::ExportChunk>* out) {
        if (!admitted.ok()) {
          api_->Record("Export", admitted, start, "", false);
          return ToGrpcStatus(admitted);
        }
        // The catalogue is the round as it stands; copied so the export runs
        // without holding the projection's lock.
        std::optional<RoundState> round;
        if (!request.round().empty()) {
          round = processor->Read([&](const State& s, absl::Time) -> std::optional<RoundState> {
            auto it = s.rounds().find(std::string(LastSegment(request.round())));
            if (it == s.rounds().end()) return std::nullopt;
            return it->second;
          });
        }
        v1::ExportChunk chunk;
        absl::Status s = budget::Export(
            *processor->store(), round ? &*round : nullptr, request,
            [&](absl::string_view data) {
              chunk.set_data(std::string(data));
              return out->Write(chunk);
            },
            view);
        // A stream the client stopped reading ends with the reason.
        if (!out->ended().ok()) s = out->ended();
        exports_.fetch_sub(1);
        api_->Record("Export", s, start, "", false);
        return ToGrpcStatus(s);
      },
      feeds_->limits().stall_deadline);
}

}  // namespace budget
