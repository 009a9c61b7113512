#include "services/api/sign_in_service.h"

namespace budget {

grpc::ServerUnaryReactor* SignInServiceImpl::GetSignInConfig(grpc::CallbackServerContext* ctx,
                                                             const v1::GetSignInConfigRequest*,
                                                             v1::SignInConfig* resp) {
  return api_->Answer(ctx, "GetSignInConfig", resp,
                      [&]() -> absl::StatusOr<v1::SignInConfig> { return config_; });
}

grpc::ServerUnaryReactor* SignInServiceImpl::WhoAmI(grpc::CallbackServerContext* ctx,
                                                    const v1::WhoAmIRequest*,
                                                    v1::WhoAmIResponse* resp) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  const absl::Time start = absl::Now();
  absl::StatusOr<v1::Principal> who = api_->Admit(*ctx, "WhoAmI");
  if (who.ok()) *resp->mutable_principal() = *who;
  api_->Record("WhoAmI", who.status(), start, who.ok() ? who->name() : "", false);
  reactor->Finish(ToGrpcStatus(who.status()));
  return reactor;
}

}  // namespace budget
