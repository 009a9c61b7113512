// OpenID Connect access tokens through a real server, beside the token
// file: who a token acts as, what it may do, what an unmapped one gets (and
// that it writes nothing), the open sign-in settings, and start-up checks.
#include "gmock/gmock.h"
#include "tests/api/server_fixture.h"
#include "tests/auth/test_keys.h"

namespace budget::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kIssuer[] = "https://idp.naestved.example/realms/budget";

class OidcApiTest : public ServerTest {
 protected:
  void SetUp() override {
    WriteTokenFile(dir_.Sub("tokens"));
    WriteFile(dir_.Sub("jwks.json"), Jwks({&key_}));
    StartServer(Oidc());
    sign_in_ = v1::SignInService::NewStub(channel_);
  }

  ServerOptions Oidc() {
    ServerOptions o;
    o.oidc.policy.issuer = kIssuer;
    o.oidc.policy.audience = "api://budget";
    o.oidc.keys.discovery = false;  // the provider's keys from the file only
    o.oidc.keys.jwks_file = dir_.Sub("jwks.json");
    o.oidc.mapping_file = std::string(BUDGET_SOURCE_DIR) + "/packaging/oidc-mapping.example";
    o.oidc_client_id = "budget-web";
    return o;
  }

  std::string Token(const std::string& user, json groups) {
    const int64_t now = absl::ToUnixSeconds(absl::Now());
    return key_.Sign({{"iss", kIssuer},
                      {"aud", "api://budget"},
                      {"sub", "3f2a"},
                      {"preferred_username", user},
                      {"name", "Anna Berg"},
                      {"groups", std::move(groups)},
                      {"iat", now},
                      {"exp", now + 300}});
  }

  std::unique_ptr<grpc::ClientContext> WithToken(const std::string& token) {
    auto ctx = std::make_unique<grpc::ClientContext>();
    ctx->AddMetadata("authorization", "Bearer " + token);
    ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    return ctx;
  }

  grpc::Status WhoAmI(std::unique_ptr<grpc::ClientContext> ctx, v1::Principal* out) {
    v1::WhoAmIResponse resp;
    grpc::Status s = sign_in_->WhoAmI(ctx.get(), {}, &resp);
    *out = resp.principal();
    return s;
  }

  static v1::CreateRoundRequest Round(const std::string& id) {
    v1::CreateRoundRequest r;
    r.set_request_id("create-" + id);
    r.set_round_id(id);
    r.set_municipality("Næstved Kommune");
    r.set_budget_year(2024);
    return r;
  }

  TestKey key_ = TestKey::Ec("idp-2024");
  std::unique_ptr<v1::SignInService::Stub> sign_in_;
};

TEST_F(OidcApiTest, ProviderTokensAndTheTokenFileWorkSideBySide) {
  v1::Principal p;
  ASSERT_TRUE(WhoAmI(WithToken(Token("anna@naestved.dk", {"udvalg-social"})), &p).ok());
  EXPECT_EQ(p.name(), "users/anna@naestved.dk");
  EXPECT_EQ(p.display_name(), "Anna Berg");
  EXPECT_THAT(p.roles(), ::testing::ElementsAre(v1::ROLE_COMMITTEE));
  EXPECT_EQ(p.committee(), "socialudvalget");
  ASSERT_TRUE(WhoAmI(As(v1::ROLE_AUDITOR), &p).ok());  // a service account's token
  EXPECT_EQ(p.name(), "users/auditor");
}

TEST_F(OidcApiTest, EventsRecordTheProvidersIdentity) {
  v1::CommandResponse resp;
  grpc::Status s = rounds_->CreateRound(WithToken(Token("cko@naestved.dk", {"oekonomi-cko"})).get(),
                                        Round("2024"), &resp);
  ASSERT_TRUE(s.ok()) << s.error_message();
  absl::StatusOr<eventstore::Envelope> e = server_->store()->ReadEvent(1);
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->actor, "users/cko@naestved.dk");
  // The roles come from the mapping: a committee member may not open a round.
  s = rounds_->CreateRound(WithToken(Token("kim", {"udvalg-social"})).get(), Round("2025"), &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(s.error_message(), HasSubstr("CreateRound needs the role coordinator"));
}

TEST_F(OidcApiTest, AValidTokenWithoutAMappedRoleIsDeniedAndWritesNothing) {
  const std::string token = Token("bo@naestved.dk", {"kantine"});
  v1::CommandResponse resp;
  grpc::Status s = rounds_->CreateRound(WithToken(token).get(), Round("2024"), &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(s.error_message(),
              HasSubstr("no role is mapped for users/bo@naestved.dk: the OIDC mapping file has no "
                        "line for its groups [\"kantine\"]"));
  EXPECT_THAT(s.error_message(), Not(HasSubstr(token.substr(token.rfind('.') + 1))));
  EXPECT_EQ(Head(), 0u);
  v1::Principal p;
  EXPECT_EQ(WhoAmI(WithToken(token), &p).error_code(), grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(OidcApiTest, ABadTokenIsUnauthenticatedAndWritesNothing) {
  json claims = {{"iss", kIssuer},
                 {"aud", "api://budget"},
                 {"preferred_username", "x"},
                 {"groups", {"oekonomi-cko"}},
                 {"exp", absl::ToUnixSeconds(absl::Now()) - 3600}};
  v1::CommandResponse resp;
  grpc::Status s = rounds_->CreateRound(WithToken(key_.Sign(claims)).get(), Round("2024"), &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(s.error_message(), HasSubstr("the bearer token is refused: it expired at"));
  EXPECT_EQ(Head(), 0u);
}

TEST_F(OidcApiTest, TheSignInSettingsNeedNoCredentials) {
  grpc::ClientContext ctx;  // no authorization header at all
  v1::SignInConfig config;
  grpc::Status s = sign_in_->GetSignInConfig(&ctx, {}, &config);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(config.oidc().issuer(), kIssuer);
  EXPECT_EQ(config.oidc().audience(), "api://budget");
  EXPECT_EQ(config.oidc().client_id(), "budget-web");
  EXPECT_THAT(config.oidc().scopes(), ::testing::ElementsAre("openid", "profile"));
  EXPECT_TRUE(config.bearer_tokens());
  EXPECT_FALSE(config.insecure_dev());
  // WhoAmI is not open.
  grpc::ClientContext anonymous;
  v1::WhoAmIResponse who;
  EXPECT_EQ(sign_in_->WhoAmI(&anonymous, {}, &who).error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(OidcApiTest, WithoutATokenFileOnlyProviderTokensAreTaken) {
  ServerOptions o = Oidc();
  server_.reset();
  o.data_dir = dir_.Sub("data");
  o.listen = "127.0.0.1:0";
  o.metrics_listen = "";
  o.tick_interval = absl::ZeroDuration();
  absl::StatusOr<std::unique_ptr<Server>> server = Server::Start(o);
  ASSERT_TRUE(server.ok()) << server.status();
  auto channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", (*server)->port()),
                                     grpc::InsecureChannelCredentials());
  auto stub = v1::SignInService::NewStub(channel);
  v1::WhoAmIResponse who;
  grpc::Status s = stub->WhoAmI(As(v1::ROLE_AUDITOR).get(), {}, &who);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(s.error_message(), HasSubstr("takes OpenID Connect access tokens (JWTs) only"));
  EXPECT_TRUE(stub->WhoAmI(WithToken(Token("revisor", {"revision"})).get(), {}, &who).ok());
  grpc::ClientContext ctx;
  v1::SignInConfig config;
  ASSERT_TRUE(stub->GetSignInConfig(&ctx, {}, &config).ok());
  EXPECT_FALSE(config.bearer_tokens());
}

TEST_F(OidcApiTest, SighupReloadsTheMappingAndTheKeys) {
  const TestKey rotated = TestKey::Rsa("idp-2025");
  const int64_t now = absl::ToUnixSeconds(absl::Now());
  const std::string token = rotated.Sign({{"iss", kIssuer},
                                          {"aud", "api://budget"},
                                          {"preferred_username", "anna"},
                                          {"groups", {"revision"}},
                                          {"exp", now + 300}});
  v1::Principal p;
  grpc::Status s = WhoAmI(WithToken(token), &p);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(s.error_message(), HasSubstr("signed with key \"idp-2025\""));
  WriteFile(dir_.Sub("jwks.json"), Jwks({&key_, &rotated}));
  ASSERT_TRUE(server_->ReloadCredentials().ok());
  EXPECT_TRUE(WhoAmI(WithToken(token), &p).ok());
}

TEST_F(OidcApiTest, StartUpRefusesAnIncompleteConfiguration) {
  server_.reset();
  ServerOptions o = Oidc();
  o.data_dir = dir_.Sub("data");
  o.oidc.policy.audience.clear();
  EXPECT_THAT(Server::Start(o).status().message(), HasSubstr("--oidc_audience"));
  o = Oidc();
  o.data_dir = dir_.Sub("data");
  o.oidc.keys.jwks_file = dir_.Sub("missing.json");
  EXPECT_THAT(Server::Start(o).status().message(), HasSubstr("cannot read the JWKS file"));
  o = ServerOptions();
  o.data_dir = dir_.Sub("data");
  EXPECT_THAT(Server::Start(o).status().message(),
              HasSubstr("no --token_file and no --oidc_issuer"));
}

}  // namespace
}  // namespace budget::testing
