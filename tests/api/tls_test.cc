// TLS and mutual TLS with certificates made by openssl in the test.
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "absl/strings/str_replace.h"
#include "gmock/gmock.h"
#include "tests/api/server_fixture.h"

namespace budget::testing {
namespace {

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class TlsTest : public ServerTest {
 protected:
  void SetUp() override {
    const std::string d = dir_.path();
    // A CA, a server certificate for localhost/127.0.0.1, a client certificate.
    const std::string script =
        absl::StrCat("set -e; cd ", d, "\n",
                     "openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 "
                     "-subj /CN=test-ca 2>/dev/null\n",
                     "printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\\n' > san.ext\n",
                     "openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj "
                     "/CN=localhost 2>/dev/null\n",
                     "openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial "
                     "-out server.pem -days 2 -extfile san.ext 2>/dev/null\n",
                     "openssl req -newkey rsa:2048 -nodes -keyout client.key -out client.csr -subj "
                     "/CN=client 2>/dev/null\n",
                     "openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial "
                     "-out client.pem -days 2 2>/dev/null\n");
    ASSERT_EQ(
        std::system(("bash -c '" + absl::StrReplaceAll(script, {{"'", "'\\''"}}) + "'").c_str()),
        0);
  }

  ServerOptions Tls(bool mutual) {
    ServerOptions o;
    o.tls_cert = dir_.Sub("server.pem");
    o.tls_key = dir_.Sub("server.key");
    if (mutual) o.tls_client_ca = dir_.Sub("ca.pem");
    return o;
  }

  grpc::Status ListRoundsOver(const grpc::SslCredentialsOptions& creds) {
    auto channel = grpc::CreateChannel(Address(), grpc::SslCredentials(creds));
    auto stub = v1::RoundService::NewStub(channel);
    auto ctx = As(v1::ROLE_AUDITOR);
    ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    v1::ListRoundsResponse resp;
    return stub->ListRounds(ctx.get(), {}, &resp);
  }
};

TEST_F(TlsTest, ServerTls) {
  StartServer(Tls(false));
  grpc::SslCredentialsOptions trusted;
  trusted.pem_root_certs = Slurp(dir_.Sub("ca.pem"));
  EXPECT_TRUE(ListRoundsOver(trusted).ok());
  // A client that does not trust the CA cannot connect.
  grpc::SslCredentialsOptions untrusted;
  untrusted.pem_root_certs = Slurp(dir_.Sub("client.pem"));
  EXPECT_EQ(ListRoundsOver(untrusted).error_code(), grpc::StatusCode::UNAVAILABLE);
  // Nor can a plaintext one.
  auto plain =
      v1::RoundService::NewStub(grpc::CreateChannel(Address(), grpc::InsecureChannelCredentials()));
  auto ctx = As(v1::ROLE_AUDITOR);
  ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  v1::ListRoundsResponse resp;
  EXPECT_FALSE(plain->ListRounds(ctx.get(), {}, &resp).ok());
}

TEST_F(TlsTest, MutualTlsRequiresAClientCertificate) {
  StartServer(Tls(true));
  grpc::SslCredentialsOptions with_cert;
  with_cert.pem_root_certs = Slurp(dir_.Sub("ca.pem"));
  with_cert.pem_private_key = Slurp(dir_.Sub("client.key"));
  with_cert.pem_cert_chain = Slurp(dir_.Sub("client.pem"));
  EXPECT_TRUE(ListRoundsOver(with_cert).ok());
  grpc::SslCredentialsOptions without_cert;
  without_cert.pem_root_certs = with_cert.pem_root_certs;
  EXPECT_EQ(ListRoundsOver(without_cert).error_code(), grpc::StatusCode::UNAVAILABLE);
}

TEST_F(TlsTest, BadTlsConfigurationIsRefusedAtStart) {
  ServerOptions o = Tls(false);
  o.data_dir = dir_.Sub("data");
  o.token_file = dir_.Sub("tokens");
  o.listen = "127.0.0.1:0";
  o.tls_key.clear();
  EXPECT_THAT(std::string(Server::Start(o).status().message()),
              ::testing::HasSubstr("--tls_cert and --tls_key must be given together"));
  o = Tls(false);
  o.data_dir = dir_.Sub("data");
  o.token_file = dir_.Sub("tokens");
  o.listen = "127.0.0.1:0";
  o.tls_cert = dir_.Sub("nope.pem");
  EXPECT_THAT(std::string(Server::Start(o).status().message()),
              ::testing::HasSubstr("cannot read the TLS certificate"));
}

}  // namespace
}  // namespace budget::testing
