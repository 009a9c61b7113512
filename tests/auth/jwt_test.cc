// Every refusal of a JWT access token the issue lists, each on a token made
// with OpenSSL in the test: bad signature, wrong issuer or audience,
// expired, not yet valid, issued in the future, alg none, HS256 signed with
// the public key as the secret, an algorithm not configured, a tampered
// payload — and none of them echoes the token.
#include "services/auth/jwt.h"

#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "tests/auth/test_keys.h"

namespace budget::auth {
namespace {

using nlohmann::json;
using testing::Base64Url;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::TestKey;

const absl::Time kNow = absl::FromUnixSeconds(1'700'000'000);  // 2023-11-14T22:13:20Z

class JwtTest : public ::testing::Test {
 protected:
  JwtTest() {
    policy_.issuer = "https://idp.example/realms/naestved";
    policy_.audience = "api://budget";
  }

  json Claims() const {
    const int64_t now = absl::ToUnixSeconds(kNow);
    return {{"iss", policy_.issuer}, {"aud", policy_.audience}, {"sub", "anna"},
            {"iat", now - 10},       {"nbf", now - 10},         {"exp", now + 300}};
  }

  // Parses and verifies `token` with `key`, as the authenticator does.
  absl::StatusOr<json> Check(const std::string& token, const TestKey& key) {
    absl::StatusOr<Jwt> jwt = Jwt::Parse(token);
    if (!jwt.ok()) return Expect(jwt.status(), token);
    if (absl::Status s = jwt->CheckAlgorithm(policy_); !s.ok()) return Expect(s, token);
    absl::StatusOr<std::shared_ptr<const KeySet>> set = KeySet::Parse(testing::Jwks({&key}));
    EXPECT_TRUE(set.ok()) << set.status();
    const Jwk* jwk = (*set)->Find(key.kid());
    EXPECT_NE(jwk, nullptr);
    absl::StatusOr<json> claims = jwt->VerifySignature(*jwk, policy_);
    if (!claims.ok()) return Expect(claims.status(), token);
    if (absl::Status s = Jwt::CheckClaims(*claims, policy_, kNow); !s.ok()) return Expect(s, token);
    return claims;
  }

  // Every refusal is UNAUTHENTICATED and never contains the token or its
  // signature.
  static absl::Status Expect(const absl::Status& s, const std::string& token) {
    EXPECT_EQ(s.code(), absl::StatusCode::kUnauthenticated) << s;
    EXPECT_THAT(std::string(s.message()), Not(HasSubstr(token)));
    const std::string signature = token.substr(token.rfind('.') + 1);
    if (signature.size() > 8) {
      EXPECT_THAT(std::string(s.message()), Not(HasSubstr(signature)));
    }
    return s;
  }

  JwtPolicy policy_;
  TestKey rsa_ = TestKey::Rsa("rsa-1");
  TestKey ec_ = TestKey::Ec("ec-1");
};

TEST_F(JwtTest, AcceptsRs256AndEs256) {
  for (const TestKey* key : {&rsa_, &ec_}) {
    absl::StatusOr<json> claims = Check(key->Sign(Claims()), *key);
    ASSERT_TRUE(claims.ok()) << key->alg() << ": " << claims.status();
    EXPECT_EQ((*claims)["sub"], "anna");
  }
}

TEST_F(JwtTest, RefusesABadSignature) {
  // Signed by another key that claims the same kid.
  const TestKey impostor = TestKey::Rsa("rsa-1");
  absl::StatusOr<json> r = Check(impostor.Sign(Claims()), rsa_);
  EXPECT_THAT(r.status().message(), HasSubstr("signature does not verify with key \"rsa-1\""));
  const TestKey ec_impostor = TestKey::Ec("ec-1");
  r = Check(ec_impostor.Sign(Claims()), ec_);
  EXPECT_THAT(r.status().message(), HasSubstr("signature does not verify"));
}

TEST_F(JwtTest, RefusesATamperedPayload) {
  const std::string token = rsa_.Sign(Claims());
  std::vector<std::string> parts = absl::StrSplit(token, '.');
  json claims = Claims();
  claims["sub"] = "the-mayor";
  parts[1] = Base64Url(claims.dump());
  absl::StatusOr<json> r = Check(absl::StrJoin(parts, "."), rsa_);
  EXPECT_THAT(r.status().message(), HasSubstr("signature does not verify"));
}

TEST_F(JwtTest, RefusesAnotherIssuer) {
  json claims = Claims();
  claims["iss"] = "https://evil.example";
  absl::StatusOr<json> r = Check(ec_.Sign(claims), ec_);
  EXPECT_THAT(r.status().message(),
              HasSubstr("issued by \"https://evil.example\", not by the configured issuer"));
  claims.erase("iss");
  r = Check(ec_.Sign(claims), ec_);
  EXPECT_THAT(r.status().message(), HasSubstr("no \"iss\""));
}

TEST_F(JwtTest, RefusesATokenForAnotherAudience) {
  json claims = Claims();
  claims["aud"] = "api://payroll";
  absl::StatusOr<json> r = Check(rsa_.Sign(claims), rsa_);
  EXPECT_THAT(r.status().message(),
              HasSubstr("for the audience \"api://payroll\", not for \"api://budget\""));
  claims["aud"] = json::array({"api://payroll", "account"});
  EXPECT_FALSE(Check(rsa_.Sign(claims), rsa_).ok());
  claims.erase("aud");
  EXPECT_FALSE(Check(rsa_.Sign(claims), rsa_).ok());
  // One of several audiences is enough.
  claims["aud"] = json::array({"account", "api://budget"});
  EXPECT_TRUE(Check(rsa_.Sign(claims), rsa_).ok());
}

TEST_F(JwtTest, RefusesAnExpiredTokenBeyondTheSkew) {
  json claims = Claims();
  claims["exp"] = absl::ToUnixSeconds(kNow) - 61;
  absl::StatusOr<json> r = Check(ec_.Sign(claims), ec_);
  EXPECT_THAT(r.status().message(),
              HasSubstr("expired at 2023-11-14T22:12:19Z (now 2023-11-14T22:13:20Z, clock skew "
                        "allowed 1m)"));
  claims["exp"] = absl::ToUnixSeconds(kNow) - 59;  // within the skew
  EXPECT_TRUE(Check(ec_.Sign(claims), ec_).ok());
  claims.erase("exp");
  EXPECT_THAT(Check(ec_.Sign(claims), ec_).status().message(), HasSubstr("no expiry"));
  claims["exp"] = "tomorrow";
  EXPECT_THAT(Check(ec_.Sign(claims), ec_).status().message(),
              HasSubstr("\"exp\" claim is not a number"));
}

TEST_F(JwtTest, RefusesATokenNotYetValid) {
  json claims = Claims();
  claims["nbf"] = absl::ToUnixSeconds(kNow) + 120;
  EXPECT_THAT(Check(rsa_.Sign(claims), rsa_).status().message(),
              HasSubstr("not valid before 2023-11-14T22:15:20Z"));
  claims["nbf"] = absl::ToUnixSeconds(kNow) + 30;  // within the skew
  EXPECT_TRUE(Check(rsa_.Sign(claims), rsa_).ok());
}

TEST_F(JwtTest, RefusesATokenIssuedInTheFuture) {
  json claims = Claims();
  claims["iat"] = absl::ToUnixSeconds(kNow) + 3600;
  EXPECT_THAT(Check(rsa_.Sign(claims), rsa_).status().message(), HasSubstr("issued in the future"));
}

TEST_F(JwtTest, TheSkewIsConfigurable) {
  policy_.clock_skew = absl::ZeroDuration();
  json claims = Claims();
  claims["exp"] = absl::ToUnixSeconds(kNow) - 1;
  EXPECT_FALSE(Check(rsa_.Sign(claims), rsa_).ok());
  policy_.clock_skew = absl::Minutes(5);
  claims["exp"] = absl::ToUnixSeconds(kNow) - 240;
  EXPECT_TRUE(Check(rsa_.Sign(claims), rsa_).ok());
}

TEST_F(JwtTest, RefusesAlgNone) {
  const std::string token = Base64Url(json{{"alg", "none"}, {"kid", "rsa-1"}}.dump()) + "." +
                            Base64Url(Claims().dump()) + ".";
  EXPECT_THAT(Check(token, rsa_).status().message(),
              HasSubstr("algorithm \"none\" is not accepted (accepted: RS256, ES256)"));
}

TEST_F(JwtTest, RefusesHs256SignedWithThePublicKeyAsSecret) {
  const std::string token =
      testing::Hs256Token(rsa_.PublicPem(), {{"alg", "HS256"}, {"kid", "rsa-1"}}, Claims());
  EXPECT_THAT(Check(token, rsa_).status().message(),
              HasSubstr("algorithm \"HS256\" is not accepted"));
  // Even a policy that (wrongly) lists HS256 never lets an RSA key verify an HMAC.
  policy_.algorithms.push_back("HS256");
  EXPECT_THAT(Check(token, rsa_).status().message(),
              HasSubstr("signed HS256, which key \"rsa-1\" (RSA) cannot make"));
  // And budgetd refuses such a configuration at start-up.
  EXPECT_THAT(ParseAlgorithms("RS256,HS256").status().message(),
              HasSubstr("\"HS256\" is not an algorithm budgetd verifies"));
  EXPECT_FALSE(ParseAlgorithms("none").ok());
  EXPECT_FALSE(ParseAlgorithms("").ok());
  EXPECT_EQ(*ParseAlgorithms(" ES256, RS256 "), (std::vector<std::string>{"ES256", "RS256"}));
}

TEST_F(JwtTest, RefusesAnAlgorithmNotConfigured) {
  policy_.algorithms = {"RS256"};
  EXPECT_THAT(Check(ec_.Sign(Claims()), ec_).status().message(),
              HasSubstr("algorithm \"ES256\" is not accepted (accepted: RS256)"));
  EXPECT_TRUE(Check(rsa_.Sign(Claims()), rsa_).ok());
}

TEST_F(JwtTest, RefusesAKeyOfTheWrongTypeOrCurve) {
  // The header says RS256 but names the EC key: the EC key cannot make it.
  const std::string token = rsa_.Sign(Claims(), {{"kid", "ec-1"}});
  EXPECT_THAT(Check(token, ec_).status().message(),
              HasSubstr("signed RS256, which key \"ec-1\" (EC P-256) cannot make"));
}

TEST_F(JwtTest, RefusesMalformedTokens) {
  for (const std::string& token :
       {std::string("not-a-jwt"), std::string("a.b"), std::string("a.b.c.d"), std::string("..sig"),
        std::string("a!b.c.d"), std::string(kMaxTokenBytes + 1, 'a')}) {
    EXPECT_EQ(Jwt::Parse(token).status().code(), absl::StatusCode::kUnauthenticated) << token;
  }
  // A header that is not JSON, or names no algorithm.
  EXPECT_THAT(Jwt::Parse(Base64Url("{nope") + ".e30.").status().message(),
              HasSubstr("not a JSON object"));
  EXPECT_THAT(Jwt::Parse(Base64Url("{\"kid\":\"k\"}") + ".e30.").status().message(),
              HasSubstr("no \"alg\""));
  // Critical extensions we do not know must not be ignored (RFC 7515).
  const std::string crit = rsa_.Sign(Claims(), {{"crit", json::array({"exp"})}});
  EXPECT_THAT(Jwt::Parse(crit).status().message(), HasSubstr("critical"));
}

TEST(JwksTest, KeepsOnlyPublicSigningKeys) {
  const TestKey rsa = TestKey::Rsa("rsa"), ec = TestKey::Ec("ec"),
                small = TestKey::Rsa("small", 1024);
  json set = json::parse(testing::Jwks({&rsa, &ec, &small}));
  set["keys"].push_back({{"kty", "oct"}, {"kid", "secret"}, {"k", Base64Url("hunter2")}});
  json enc = rsa.PublicJwk();
  enc["kid"] = "enc";
  enc["use"] = "enc";
  set["keys"].push_back(enc);
  absl::StatusOr<std::shared_ptr<const KeySet>> keys = KeySet::Parse(set.dump());
  ASSERT_TRUE(keys.ok()) << keys.status();
  EXPECT_EQ((*keys)->Describe(), "rsa,ec");
  EXPECT_EQ((*keys)->Find("rsa")->bits, 2048u);
  EXPECT_EQ((*keys)->Find("ec")->crv, "P-256");
  EXPECT_EQ((*keys)->Find("secret"), nullptr);
  EXPECT_EQ((*keys)->Find(""), nullptr);  // several keys: a kid is needed
  ASSERT_EQ((*keys)->skipped().size(), 3u);
  EXPECT_THAT((*keys)->skipped()[0], HasSubstr("1024 bits is too weak"));
  EXPECT_THAT((*keys)->skipped()[1], HasSubstr("\"oct\" cannot verify"));
  EXPECT_THAT((*keys)->skipped()[2], HasSubstr("use is \"enc\""));
}

TEST(JwksTest, RefusesBrokenSets) {
  EXPECT_THAT(KeySet::Parse("{").status().message(), HasSubstr("not valid JSON"));
  EXPECT_THAT(KeySet::Parse("{}").status().message(), HasSubstr("no \"keys\" array"));
  const TestKey a = TestKey::Ec("same"), b = TestKey::Ec("same");
  EXPECT_THAT(KeySet::Parse(testing::Jwks({&a, &b})).status().message(),
              HasSubstr("key 1 (kid same): another key has the same kid"));
  json bad = {{"keys", json::array({{{"kty", "EC"}, {"kid", "x"}, {"crv", "P-256"}}})}};
  EXPECT_THAT(KeySet::Parse(bad.dump()).status().message(),
              HasSubstr("key 0 (kid x) does not import as a EC key"));
}

TEST(JwksTest, ALoneKeyServesATokenWithoutKid) {
  const TestKey only = TestKey::Ec("");
  absl::StatusOr<std::shared_ptr<const KeySet>> keys = KeySet::Parse(testing::Jwks({&only}));
  ASSERT_TRUE(keys.ok());
  EXPECT_NE((*keys)->Find(""), nullptr);
}

}  // namespace
}  // namespace budget::auth
