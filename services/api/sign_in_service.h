#ifndef SERVICES_API_SIGN_IN_SERVICE_H_
#define SERVICES_API_SIGN_IN_SERVICE_H_

// SignInService: the sign-in settings a client fetches before it has a
// credential, and the caller as budgetd sees it.

#include "budget/v1/sign_in_service.grpc.pb.h"
#include "services/api/api.h"

namespace budget {

class SignInServiceImpl final : public v1::SignInService::CallbackService {
 public:
  // `api` is not owned and must outlive this; `config` is what
  // GetSignInConfig answers.
  SignInServiceImpl(Api* api, v1::SignInConfig config) : api_(api), config_(std::move(config)) {}
  grpc::ServerUnaryReactor* GetSignInConfig(grpc::CallbackServerContext* ctx,
                                            const v1::GetSignInConfigRequest* req,
                                            v1::SignInConfig* resp) override;
  grpc::ServerUnaryReactor* WhoAmI(grpc::CallbackServerContext* ctx, const v1::WhoAmIRequest* req,
                                   v1::WhoAmIResponse* resp) override;

 private:
  Api* const api_;
  const v1::SignInConfig config_;
};

}  // namespace budget

#endif  // SERVICES_API_SIGN_IN_SERVICE_H_
