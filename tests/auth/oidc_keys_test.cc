// The provider's keys: discovery over HTTP and HTTPS from a real HTTP server
// in the test, the cache and its expiry, the refresh on an unknown kid and
// its rate limit, a provider that fails, the JWKS file and its reload; then
// the authenticator on top: who a token maps to, what it refuses, and what
// the log says (never the token).
#include "services/auth/oidc_keys.h"

#include <httplib.h>

#include <atomic>
#include <cstdlib>
#include <thread>

#include "absl/strings/str_replace.h"
#include "gmock/gmock.h"
#include "services/auth/oidc_authenticator.h"
#include "tests/auth/test_keys.h"
#include "tests/testing/temp_dir.h"

namespace budget::auth {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::TestKey;

const absl::Time kStart = absl::FromUnixSeconds(1'700'000'000);

// An identity provider's two documents, served by a real HTTP(S) server on
// a free loopback port.
class FakeProvider {
 public:
  // Plain http, or https with `cert`/`key` (PEM files).
  explicit FakeProvider(const std::string& cert = "", const std::string& key = "")
      : server_(cert.empty() ? std::make_unique<httplib::Server>()
                             : std::make_unique<httplib::SSLServer>(cert.c_str(), key.c_str())) {
    server_->Get("/.well-known/openid-configuration",
                 [this](const httplib::Request&, httplib::Response& res) {
                   ++fetches_;
                   json doc = {{"issuer", discovery_issuer_.empty() ? issuer() : discovery_issuer_},
                               {"jwks_uri", issuer() + "/jwks"}};
                   res.set_content(doc.dump(), "application/json");
                 });
    server_->Get("/jwks", [this](const httplib::Request&, httplib::Response& res) {
      ++fetches_;
      std::lock_guard<std::mutex> lock(mu_);
      if (status_ != 200) {
        res.status = status_;
        return;
      }
      res.set_header("Cache-Control", "public, max-age=600");
      res.set_content(jwks_, "application/json");
    });
    port_ = server_->bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_->listen_after_bind(); });
    // bind_to_any_port already listens: connections queue until the loop runs.
    scheme_ = cert.empty() ? "http" : "https";
  }
  ~FakeProvider() {
    server_->stop();
    thread_.join();
  }

  std::string issuer() const { return absl::StrCat(scheme_, "://127.0.0.1:", port_); }
  void SetKeys(const std::vector<const TestKey*>& keys) {
    std::lock_guard<std::mutex> lock(mu_);
    jwks_ = testing::Jwks(keys);
  }
  void Fail(int status) {
    std::lock_guard<std::mutex> lock(mu_);
    status_ = status;
  }
  void NameIssuer(std::string issuer) { discovery_issuer_ = std::move(issuer); }
  // Requests served, discovery and key set counted apart.
  int fetches() const { return fetches_; }

 private:
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
  std::string scheme_;
  std::string discovery_issuer_;
  std::atomic<int> fetches_{0};
  std::mutex mu_;
  std::string jwks_ = "{\"keys\": []}";
  int status_ = 200;
};

class OidcKeysTest : public ::testing::Test {
 protected:
  OidcKeysOptions Options(const std::string& issuer) {
    OidcKeysOptions o;
    o.issuer = issuer;
    o.clock = &clock_;
    o.fetch.timeout = absl::Seconds(2);
    return o;
  }
  std::unique_ptr<OidcKeys> Create(const OidcKeysOptions& o) {
    absl::StatusOr<std::unique_ptr<OidcKeys>> keys = OidcKeys::Create(o);
    EXPECT_TRUE(keys.ok()) << keys.status();
    return keys.ok() ? std::move(*keys) : nullptr;
  }

  testing_util::TempDir dir_;
  base::ManualClock clock_{kStart};
  TestKey a_ = TestKey::Ec("a");
  TestKey b_ = TestKey::Rsa("b");
};

TEST_F(OidcKeysTest, FetchesThroughDiscoveryAndCachesForTheMaxAge) {
  FakeProvider idp;
  idp.SetKeys({&a_});
  std::unique_ptr<OidcKeys> keys = Create(Options(idp.issuer()));
  EXPECT_EQ(idp.fetches(), 2);  // discovery, then the key set
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(keys->Find("a").ok());
  EXPECT_EQ(idp.fetches(), 2);
  clock_.Advance(absl::Seconds(599));
  ASSERT_TRUE(keys->Find("a").ok());
  EXPECT_EQ(idp.fetches(), 2);
  clock_.Advance(absl::Seconds(2));  // past max-age=600: fetched again
  ASSERT_TRUE(keys->Find("a").ok());
  EXPECT_EQ(idp.fetches(), 4);
}

TEST_F(OidcKeysTest, AnUnknownKidRefreshesAtMostOncePerInterval) {
  FakeProvider idp;
  idp.SetKeys({&a_});
  std::unique_ptr<OidcKeys> keys = Create(Options(idp.issuer()));
  idp.SetKeys({&a_, &b_});  // the provider rotates in a new key
  // Just fetched at start-up: no second fetch within 30 s.
  absl::StatusOr<std::shared_ptr<const Jwk>> b = keys->Find("b");
  EXPECT_EQ(b.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_THAT(b.status().message(),
              HasSubstr("signed with key \"b\", which the issuer's key set does not hold (keys: "
                        "a)"));
  EXPECT_EQ(idp.fetches(), 2);
  clock_.Advance(absl::Seconds(31));
  b = keys->Find("b");
  ASSERT_TRUE(b.ok()) << b.status();
  EXPECT_EQ((*b)->kty, "RSA");
  EXPECT_EQ(idp.fetches(), 4);
  // A stranger's made-up kids cost one fetch per interval, not one each.
  for (int i = 0; i < 20; ++i) EXPECT_FALSE(keys->Find(absl::StrCat("made-up-", i)).ok());
  EXPECT_EQ(idp.fetches(), 4);
  clock_.Advance(absl::Seconds(31));
  for (int i = 0; i < 20; ++i) EXPECT_FALSE(keys->Find(absl::StrCat("made-up-", i)).ok());
  EXPECT_EQ(idp.fetches(), 6);
}

TEST_F(OidcKeysTest, ConcurrentCallersShareOneFetch) {
  FakeProvider idp;
  idp.SetKeys({&a_});
  std::unique_ptr<OidcKeys> keys = Create(Options(idp.issuer()));
  idp.SetKeys({&a_, &b_});
  clock_.Advance(absl::Seconds(31));
  std::vector<std::thread> callers;
  std::atomic<int> found{0};
  for (int t = 0; t < 8; ++t) {
    callers.emplace_back([&] {
      for (int i = 0; i < 25; ++i) found += keys->Find(i % 2 == 0 ? "b" : "a").ok();
    });
  }
  for (std::thread& t : callers) t.join();
  EXPECT_EQ(found, 200);
  EXPECT_EQ(idp.fetches(), 4);  // start-up, and one refresh for all of them
}

TEST_F(OidcKeysTest, AFailingProviderKeepsTheKeysAlreadyHeld) {
  FakeProvider idp;
  idp.SetKeys({&a_});
  std::unique_ptr<OidcKeys> keys = Create(Options(idp.issuer()));
  idp.Fail(503);
  clock_.Advance(absl::Hours(2));
  ::testing::internal::CaptureStderr();
  EXPECT_TRUE(keys->Find("a").ok());
  const std::string log = ::testing::internal::GetCapturedStderr();
  EXPECT_THAT(log, HasSubstr("event=oidc_keys_fetch_failed"));
  EXPECT_THAT(log, HasSubstr("HTTP status 503"));
  EXPECT_THAT(log, HasSubstr("keeping=a"));
}

TEST_F(OidcKeysTest, AProviderNeverReachedIsUnavailableNotUnauthenticated) {
  int port;
  {
    httplib::Server probe;  // a port that was free a moment ago
    port = probe.bind_to_any_port("127.0.0.1");
    probe.stop();
  }
  std::unique_ptr<OidcKeys> keys = Create(Options(absl::StrCat("http://127.0.0.1:", port)));
  absl::StatusOr<std::shared_ptr<const Jwk>> a = keys->Find("a");
  EXPECT_EQ(a.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(a.status().message(), HasSubstr("the issuer's keys could not be fetched"));
}

TEST_F(OidcKeysTest, TheDiscoveryDocumentMustNameTheIssuer) {
  FakeProvider idp;
  idp.SetKeys({&a_});
  idp.NameIssuer("https://someone-else.example");
  std::unique_ptr<OidcKeys> keys = Create(Options(idp.issuer()));
  absl::StatusOr<std::shared_ptr<const Jwk>> a = keys->Find("a");
  EXPECT_EQ(a.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(
      a.status().message(),
      HasSubstr("names the issuer \"https://someone-else.example\", not \"" + idp.issuer() + "\""));
}

TEST_F(OidcKeysTest, HttpsChecksTheCertificate) {
  const std::string d = dir_.path();
  const std::string script = absl::StrCat(
      "set -e; cd ", d, "\n",
      "openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 "
      "-subj /CN=test-ca 2>/dev/null\n",
      "printf 'subjectAltName=IP:127.0.0.1\\n' > san.ext\n",
      "openssl req -newkey rsa:2048 -nodes -keyout idp.key -out idp.csr -subj /CN=idp "
      "2>/dev/null\n",
      "openssl x509 -req -in idp.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out idp.pem "
      "-days 2 -extfile san.ext 2>/dev/null\n");
  ASSERT_EQ(
      std::system(("bash -c '" + absl::StrReplaceAll(script, {{"'", "'\\''"}}) + "'").c_str()), 0);
  FakeProvider idp(dir_.Sub("idp.pem"), dir_.Sub("idp.key"));
  idp.SetKeys({&a_});
  // The system's CAs do not know the test CA.
  std::unique_ptr<OidcKeys> untrusted = Create(Options(idp.issuer()));
  absl::StatusOr<std::shared_ptr<const Jwk>> a = untrusted->Find("a");
  EXPECT_EQ(a.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(a.status().message(), HasSubstr("certificate"));
  OidcKeysOptions o = Options(idp.issuer());
  o.fetch.ca_file = dir_.Sub("ca.pem");
  std::unique_ptr<OidcKeys> trusted = Create(o);
  EXPECT_TRUE(trusted->Find("a").ok());
}

TEST_F(OidcKeysTest, RefusesPlainHttpToARemoteIssuer) {
  OidcKeysOptions o = Options("http://idp.example/realms/x");
  EXPECT_THAT(OidcKeys::Create(o).status().message(),
              HasSubstr("is plain http to a remote host: use https"));
  o = Options("idp.example");
  EXPECT_EQ(OidcKeys::Create(o).status().code(), absl::StatusCode::kInvalidArgument);
  o = Options("https://idp.example");
  o.discovery = false;  // and no file
  EXPECT_THAT(OidcKeys::Create(o).status().message(), HasSubstr("--oidc_jwks_file"));
}

TEST_F(OidcKeysTest, TheJwksFileIsReloaded) {
  OidcKeysOptions o = Options("https://idp.example");
  o.discovery = false;
  o.jwks_file = dir_.Sub("jwks.json");
  testing::WriteFile(o.jwks_file, testing::Jwks({&a_}));
  std::unique_ptr<OidcKeys> keys = Create(o);
  EXPECT_TRUE(keys->Find("a").ok());
  EXPECT_EQ(keys->Find("b").status().code(), absl::StatusCode::kUnauthenticated);
  testing::WriteFile(o.jwks_file, testing::Jwks({&b_}));
  ASSERT_TRUE(keys->ReloadFile().ok());
  EXPECT_TRUE(keys->Find("b").ok());
  EXPECT_FALSE(keys->Find("a").ok());
  testing::WriteFile(o.jwks_file, "{\"keys\": 1}");
  EXPECT_THAT(keys->ReloadFile().message(), HasSubstr("jwks.json: the key set has no \"keys\""));
  EXPECT_TRUE(keys->Find("b").ok());  // the old keys stay
  testing::WriteFile(o.jwks_file, "garbage");
  EXPECT_THAT(OidcKeys::Create(o).status().message(), HasSubstr("not valid JSON"));
}

class OidcAuthenticatorTest : public OidcKeysTest {
 protected:
  void SetUp() override {
    options_.policy.issuer = "https://idp.example";
    options_.policy.audience = "api://budget";
    options_.keys.discovery = false;
    options_.keys.jwks_file = dir_.Sub("jwks.json");
    options_.mapping_file = dir_.Sub("mapping");
    options_.clock = &clock_;
    testing::WriteFile(options_.keys.jwks_file, testing::Jwks({&a_, &b_}));
    testing::WriteFile(options_.mapping_file,
                       "principal preferred_username\n"
                       "map groups udvalg-social committee committee=socialudvalget\n");
    absl::StatusOr<std::unique_ptr<OidcAuthenticator>> oidc = OidcAuthenticator::Create(options_);
    ASSERT_TRUE(oidc.ok()) << oidc.status();
    oidc_ = std::move(*oidc);
  }

  std::string Token(const TestKey& key, json groups) {
    const int64_t now = absl::ToUnixSeconds(kStart);
    return key.Sign({{"iss", "https://idp.example"},
                     {"aud", "api://budget"},
                     {"sub", "f81d4fae"},
                     {"preferred_username", "anna"},
                     {"groups", std::move(groups)},
                     {"iat", now},
                     {"exp", now + 300}});
  }

  // Authenticates `token` and returns the status and the log lines written.
  std::pair<absl::StatusOr<v1::Principal>, std::string> Authenticate(const std::string& token) {
    ::testing::internal::CaptureStderr();
    absl::StatusOr<v1::Principal> p = oidc_->AuthenticateToken(token, {});
    return {p, ::testing::internal::GetCapturedStderr()};
  }

  OidcOptions options_;
  std::unique_ptr<OidcAuthenticator> oidc_;
};

TEST_F(OidcAuthenticatorTest, MapsAVerifiedTokenToItsPrincipal) {
  for (const TestKey* key : {&a_, &b_}) {
    auto [p, log] = Authenticate(Token(*key, {"udvalg-social"}));
    ASSERT_TRUE(p.ok()) << p.status();
    EXPECT_EQ(p->name(), "users/anna");
    EXPECT_EQ(p->committee(), "socialudvalget");
    EXPECT_EQ(log, "");
  }
}

TEST_F(OidcAuthenticatorTest, RefusalsAreLoggedWithoutTheToken) {
  const TestKey unknown = TestKey::Ec("rotated-away");
  const std::string tokens[] = {
      Token(unknown, {"udvalg-social"}), Token(a_, {"kantine"}),
      testing::Hs256Token(b_.PublicPem(), {{"alg", "HS256"}, {"kid", "b"}}, {{"sub", "x"}})};
  const std::pair<absl::StatusCode, std::string> expected[] = {
      {absl::StatusCode::kUnauthenticated, "signed with key \\\"rotated-away\\\", which the"},
      {absl::StatusCode::kPermissionDenied, "no role is mapped for users/anna"},
      {absl::StatusCode::kUnauthenticated, "algorithm \\\"HS256\\\" is not accepted"},
  };
  for (size_t i = 0; i < std::size(tokens); ++i) {
    auto [p, log] = Authenticate(tokens[i]);
    EXPECT_EQ(p.status().code(), expected[i].first) << p.status();
    EXPECT_THAT(log, HasSubstr("event=token_refused"));
    EXPECT_THAT(log, HasSubstr(expected[i].second));
    EXPECT_THAT(log, Not(HasSubstr(tokens[i])));
    EXPECT_THAT(log, Not(HasSubstr(tokens[i].substr(tokens[i].rfind('.') + 1))));
  }
  // Once the signature holds, the subject is named (an expired token too).
  auto [p, log] = Authenticate(Token(a_, {"kantine"}));
  EXPECT_THAT(log, HasSubstr("kid=a sub=f81d4fae"));
  clock_.Advance(absl::Hours(1));
  std::tie(p, log) = Authenticate(Token(a_, {"udvalg-social"}));
  EXPECT_THAT(log, HasSubstr("it expired at"));
  EXPECT_THAT(log, HasSubstr("kid=a sub=f81d4fae"));
}

TEST_F(OidcAuthenticatorTest, ReloadReadsTheMappingAndTheKeysAgain) {
  const std::string token = Token(a_, {"byraadet"});
  EXPECT_EQ(Authenticate(token).first.status().code(), absl::StatusCode::kPermissionDenied);
  testing::WriteFile(options_.mapping_file,
                     "principal preferred_username\nmap groups byraadet council\n");
  ASSERT_TRUE(oidc_->Reload().ok());
  EXPECT_TRUE(Authenticate(token).first.ok());
  // A broken file keeps the mapping in force.
  testing::WriteFile(options_.mapping_file, "principal preferred_username\nmap groups x chief\n");
  EXPECT_THAT(oidc_->Reload().message(), HasSubstr("line 2: unknown role \"chief\""));
  EXPECT_TRUE(Authenticate(token).first.ok());
}

TEST_F(OidcAuthenticatorTest, ConfigurationErrorsNameTheFlag) {
  OidcOptions o = options_;
  o.policy.audience = "";
  EXPECT_THAT(OidcAuthenticator::Create(o).status().message(), HasSubstr("--oidc_audience"));
  o = options_;
  o.mapping_file = "";
  EXPECT_THAT(OidcAuthenticator::Create(o).status().message(), HasSubstr("--oidc_mapping_file"));
  o = options_;
  o.mapping_file = dir_.Sub("missing");
  EXPECT_THAT(OidcAuthenticator::Create(o).status().message(),
              HasSubstr("cannot read the OIDC mapping file"));
}

}  // namespace
}  // namespace budget::auth
