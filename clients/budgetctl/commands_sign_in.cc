// budgetctl whoami and sign-in-config: SignInService, the caller as budgetd
// sees it (the quickest check of a token or an OpenID Connect mapping) and
// how a client signs in.
#include <iostream>

#include "absl/strings/str_join.h"
#include "budget/v1/sign_in_service.grpc.pb.h"
#include "clients/budgetctl/command.h"
#include "clients/budgetctl/enum_names.h"
#include "clients/budgetctl/rpc.h"

namespace budgetctl {

namespace v1 = budget::v1;

void AddSignInCommands(Cli& cli) {
  RequestCommand<v1::WhoAmIRequest>(
      cli, cli.app, "whoami",
      "Who budgetd takes this token to be: the principal its calls act as, with its roles "
      "(for an OpenID Connect token, what the mapping file gives it)")
      .Then([&cli](v1::WhoAmIRequest& request) {
        v1::WhoAmIResponse response;
        if (int code = Call(cli.Connect(), &v1::SignInService::Stub::WhoAmI, request, &response);
            code != kOk)
          return code;
        if (cli.json) {
          PrintJson(response);
          return static_cast<int>(kOk);
        }
        const v1::Principal& p = response.principal();
        std::vector<std::string> roles;
        for (int r : p.roles()) roles.push_back(EnumLabel(static_cast<v1::Role>(r)));
        std::cout << "principal: " << p.name() << "\n";
        if (!p.display_name().empty()) std::cout << "name: " << p.display_name() << "\n";
        std::cout << "roles: " << absl::StrJoin(roles, ", ") << "\n";
        if (!p.committee().empty()) std::cout << "committee: " << p.committee() << "\n";
        if (!p.body().empty()) std::cout << "body: " << p.body() << "\n";
        return static_cast<int>(kOk);
      });
  RequestCommand<v1::GetSignInConfigRequest>(
      cli, cli.app, "sign-in-config",
      "How clients sign in to budgetd (needs no token): the OpenID Connect issuer, client id, "
      "scopes and audience, and whether token-file tokens are accepted")
      .Then([&cli](v1::GetSignInConfigRequest& request) {
        v1::SignInConfig response;
        if (int code =
                Call(cli.Connect(), &v1::SignInService::Stub::GetSignInConfig, request, &response);
            code != kOk)
          return code;
        if (cli.json) {
          PrintJson(response);
          return static_cast<int>(kOk);
        }
        if (response.has_oidc()) {
          const v1::OidcSignIn& o = response.oidc();
          std::cout << "OpenID Connect issuer: " << o.issuer() << "\nclient id: " << o.client_id()
                    << "\nscopes: " << absl::StrJoin(o.scopes(), " ")
                    << "\naudience: " << o.audience() << "\n";
        } else {
          std::cout << "OpenID Connect: off\n";
        }
        std::cout << "token-file tokens: "
                  << (response.bearer_tokens() ? "accepted" : "not accepted") << "\n";
        if (response.insecure_dev()) std::cout << "insecure development server: no credentials\n";
        return static_cast<int>(kOk);
      });
}

}  // namespace budgetctl
