// Token files and the server's refusal to start without one.
#include <fstream>

#include "absl/strings/match.h"
#include "base/sha256.h"
#include "gmock/gmock.h"
#include "services/api/authenticator.h"
#include "tests/api/server_fixture.h"

namespace budget::testing {
namespace {

using ::testing::HasSubstr;

TEST(TokenFileTest, ParsesRolesScopesAndRevocations) {
  const std::string hash = base::HashToHex(base::Sha256("secret"));
  auto entries =
      ParseTokenFile(absl::StrCat("# comment\n\n", "sha256:", hash,
                                  "  users/soc  committee,council  committee=socialudvalget\n",
                                  "sha256:", base::HashToHex(base::Sha256("old")),
                                  " users/gone case_worker revoked  # left\n"));
  ASSERT_TRUE(entries.ok()) << entries.status();
  ASSERT_EQ(entries->size(), 2u);
  EXPECT_EQ((*entries)[0].principal.name(), "users/soc");
  EXPECT_EQ((*entries)[0].principal.roles_size(), 2);
  EXPECT_EQ((*entries)[0].principal.committee(), "socialudvalget");
  EXPECT_FALSE((*entries)[0].revoked);
  EXPECT_TRUE((*entries)[1].revoked);
  // Format and parse agree.
  auto again = ParseTokenFile(FormatTokenLine((*entries)[0]));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ((*again)[0].principal.committee(), "socialudvalget");
}

TEST(TokenFileTest, MalformedLinesAreNamed) {
  const std::string hash = base::HashToHex(base::Sha256("x"));
  struct Case {
    std::string text;
    std::string message;
  };
  for (const Case& c : {
           Case{"sha256:abc users/x case_worker\n", "line 1: the first field must be sha256:"},
           Case{absl::StrCat("\n", hash, " users/x case_worker\n"), "line 2: the first field"},
           Case{absl::StrCat("sha256:", hash, " users/x\n"), "line 1: expected"},
           Case{absl::StrCat("sha256:", hash, " users/x mayor\n"), "unknown role \"mayor\""},
           Case{absl::StrCat("sha256:", hash, " users/x hmu colour=red\n"), "unknown option"},
           Case{absl::StrCat("sha256:", hash, " users/x hmu\nsha256:", hash, " users/y hmu\n"),
                "line 2: the same token hash appears twice"},
       }) {
    auto r = ParseTokenFile(c.text);
    EXPECT_TRUE(absl::IsInvalidArgument(r.status())) << c.text;
    EXPECT_THAT(std::string(r.status().message()), HasSubstr(c.message));
  }
}

// A table of many tokens: each finds its own principal, a revoked one and an
// unknown one are refused, and a reload replaces the table whole.
TEST(TokenAuthenticatorTest, EachOfManyTokensFindsItsOwnPrincipal) {
  constexpr int kTokens = 5000;
  std::vector<TokenEntry> entries;
  for (int i = 0; i < kTokens; ++i) {
    TokenEntry& e = entries.emplace_back();
    e.token_hash = base::Sha256(absl::StrCat("token-", i));
    e.principal.set_name(absl::StrCat("services/system-", i));
    e.revoked = i == 17;
  }
  TokenAuthenticator tokens(entries);
  EXPECT_EQ(tokens.size(), static_cast<size_t>(kTokens));
  for (int i : {0, 1, 2500, kTokens - 1}) {
    absl::StatusOr<v1::Principal> p = tokens.Find(absl::StrCat("token-", i));
    ASSERT_TRUE(p.ok()) << i << ": " << p.status();
    EXPECT_EQ(p->name(), absl::StrCat("services/system-", i));
  }
  absl::StatusOr<v1::Principal> revoked = tokens.Find("token-17");
  EXPECT_TRUE(absl::IsUnauthenticated(revoked.status()));
  EXPECT_THAT(std::string(revoked.status().message()), HasSubstr("the token was revoked"));
  absl::StatusOr<v1::Principal> unknown = tokens.Find(absl::StrCat("token-", kTokens));
  EXPECT_TRUE(absl::IsUnauthenticated(unknown.status()));
  EXPECT_THAT(std::string(unknown.status().message()), HasSubstr("unknown token"));

  tokens.Replace({entries[1]});
  EXPECT_EQ(tokens.size(), 1u);
  EXPECT_TRUE(tokens.Find("token-1").ok());
  EXPECT_TRUE(absl::IsUnauthenticated(tokens.Find("token-0").status()));
}

class TokenServerTest : public ServerTest {};

TEST_F(TokenServerTest, RefusesToStartWithoutATokenFile) {
  ServerOptions o;
  o.data_dir = dir_.Sub("data");
  o.listen = "127.0.0.1:0";
  auto s = Server::Start(o);
  EXPECT_TRUE(absl::IsInvalidArgument(s.status()));
  EXPECT_THAT(std::string(s.status().message()), HasSubstr("no --token_file"));
  o.token_file = dir_.Sub("missing");
  s = Server::Start(o);
  EXPECT_THAT(std::string(s.status().message()), HasSubstr("cannot read the token file"));
  std::ofstream(dir_.Sub("bad")) << "nonsense\n";
  o.token_file = dir_.Sub("bad");
  s = Server::Start(o);
  EXPECT_THAT(std::string(s.status().message()), HasSubstr("line 1"));
}

TEST_F(TokenServerTest, RevokedTokenIsUnauthenticatedAndReloadTakesEffect) {
  StartServer();
  v1::ListRoundsResponse list;
  ASSERT_TRUE(rounds_->ListRounds(As(v1::ROLE_AUDITOR).get(), {}, &list).ok());

  // Revoke the auditor's token and reload (what SIGHUP does).
  std::ifstream in(dir_.Sub("tokens"));
  std::string line, rewritten;
  while (std::getline(in, line)) {
    rewritten += line + (absl::StrContains(line, "users/auditor") ? " revoked" : "") + "\n";
  }
  std::ofstream(dir_.Sub("tokens")) << rewritten;
  ASSERT_TRUE(server_->ReloadCredentials().ok());
  grpc::Status s = rounds_->ListRounds(As(v1::ROLE_AUDITOR).get(), {}, &list);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(s.error_message(), HasSubstr("revoked"));
  // A broken file on reload keeps the old table.
  std::ofstream(dir_.Sub("tokens")) << "broken\n";
  EXPECT_FALSE(server_->ReloadCredentials().ok());
  EXPECT_TRUE(rounds_->ListRounds(As(v1::ROLE_COORDINATOR).get(), {}, &list).ok());
}

TEST_F(TokenServerTest, InsecureDevNamesItselfByMetadataOnLoopbackOnly) {
  ServerOptions o;
  o.insecure_dev = true;
  StartServer(o);
  grpc::ClientContext ctx;
  ctx.AddMetadata("x-budget-principal", "users/dev-anna");
  ctx.AddMetadata("x-budget-roles", "coordinator");
  v1::CreateRoundRequest r;
  r.set_request_id("dev-1");
  r.set_round_id("dev");
  r.set_municipality("Testkommune");
  r.set_budget_year(2024);
  v1::CommandResponse resp;
  ASSERT_TRUE(rounds_->CreateRound(&ctx, r, &resp).ok());
  EXPECT_EQ(resp.round().created_by(), "users/dev-anna");

  ServerOptions remote;
  remote.insecure_dev = true;
  remote.listen = "0.0.0.0:0";
  remote.data_dir = dir_.Sub("other");
  auto s = Server::Start(remote);
  EXPECT_TRUE(absl::IsInvalidArgument(s.status()));
}

TEST_F(TokenServerTest, PlaintextOnANonLoopbackAddressIsRefused) {
  ServerOptions o;
  o.data_dir = dir_.Sub("data");
  o.token_file = dir_.Sub("tokens");
  o.listen = "0.0.0.0:0";
  auto s = Server::Start(o);
  EXPECT_TRUE(absl::IsInvalidArgument(s.status()));
  EXPECT_THAT(std::string(s.status().message()), HasSubstr("refusing plaintext"));
}

}  // namespace
}  // namespace budget::testing
