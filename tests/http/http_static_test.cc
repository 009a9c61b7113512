// The web app's files beside the API (--web_root).
#include <filesystem>
#include <fstream>

#include "gmock/gmock.h"
#include "services/http/static_files.h"
#include "tests/http/http_fixture.h"

namespace budget::testing {
namespace {

using ::testing::HasSubstr;

void Write(const std::string& path, const std::string& content) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream(path) << content;
}

class HttpStaticTest : public HttpTest {
 protected:
  void SetUp() override {
    const std::string root = dir_.Sub("web");
    Write(root + "/index.html", "<!doctype html><title>budget</title>");
    Write(root + "/assets/main-AB12CD34.js", "console.log(1)");
    Write(root + "/assets/logo.svg", "<svg/>");
    Write(dir_.Sub("secret"), "not for the web");
    ServerOptions o;
    o.web_root = root;
    StartHttp(o);
  }
};

TEST_F(HttpStaticTest, TheAppAndItsAssets) {
  httplib::Result r = http_->Get("/");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "<!doctype html><title>budget</title>");
  EXPECT_EQ(r->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(r->get_header_value("Cache-Control"), "no-cache");
  EXPECT_THAT(r->get_header_value("Content-Security-Policy"), HasSubstr("script-src 'self'"));
  EXPECT_THAT(r->get_header_value("Content-Security-Policy"), HasSubstr("frame-ancestors 'none'"));
  EXPECT_EQ(r->get_header_value("X-Content-Type-Options"), "nosniff");

  r = http_->Get("/assets/main-AB12CD34.js");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(r->get_header_value("Cache-Control"), "public, max-age=31536000, immutable");
  r = http_->Get("/assets/logo.svg");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->get_header_value("Content-Type"), "image/svg+xml");
  EXPECT_EQ(r->get_header_value("Cache-Control"), "no-cache");
}

TEST_F(HttpStaticTest, AppRoutesGetIndexHtmlMissingFilesDoNot) {
  for (const char* route : {"/katalog", "/forslag/P-0001", "/assets"}) {
    httplib::Result r = http_->Get(route);
    ASSERT_TRUE(r) << route;
    EXPECT_EQ(r->status, 200) << route;
    EXPECT_EQ(r->body, "<!doctype html><title>budget</title>") << route;
  }
  for (const char* missing : {"/assets/main-FFFFFFFF.js", "/favicon.ico", "/%2e%2e/secret",
                              "/assets/..%2f..%2fsecret", "/..%5csecret"}) {
    httplib::Result r = http_->Get(missing);
    ASSERT_TRUE(r) << missing;
    EXPECT_EQ(r->status, 404) << missing;
    EXPECT_THAT(r->body, ::testing::Not(HasSubstr("not for the web"))) << missing;
  }
}

TEST_F(HttpStaticTest, TheApiStillAnswersBesideTheFiles) {
  httplib::Result r = Post("budget.v1.RoundService/ListRounds", "{}", v1::ROLE_AUDITOR);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  r = http_->Get("/budget.v1.RoundService/ListRounds?encoding=json&message=%7B%7D",
                 httplib::Headers{{"Authorization", "Bearer " + TokenFor(v1::ROLE_AUDITOR)}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
  r = Post("budget.v1.NoService/Nothing", "{}", v1::ROLE_AUDITOR);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
}

TEST(StaticFilesTest, ContentTypesAndHashedNames) {
  EXPECT_EQ(http::ContentTypeOf("a/b/font-X.woff2"), "font/woff2");
  EXPECT_EQ(http::ContentTypeOf("main.CSS"), "text/css; charset=utf-8");
  EXPECT_EQ(http::ContentTypeOf("a.b/noext"), "application/octet-stream");
  EXPECT_TRUE(http::IsContentHashed("assets/main-AB12CD34.js"));
  EXPECT_TRUE(http::IsContentHashed("chunk-7QWERTY9.css"));
  EXPECT_FALSE(http::IsContentHashed("assets/main.js"));
  EXPECT_FALSE(http::IsContentHashed("index.html"));
  EXPECT_FALSE(http::IsContentHashed("chart-setup.js"));
  EXPECT_FALSE(http::IsContentHashed("main-ab12cd34.js"));
}

}  // namespace
}  // namespace budget::testing
