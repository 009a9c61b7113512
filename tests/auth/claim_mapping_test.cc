// The mapping file: its errors name the line; the shipped example maps every
// demo role; a token no line matches is PERMISSION_DENIED naming what is
// missing.
#include "services/auth/claim_mapping.h"

#include "base/file.h"
#include "gmock/gmock.h"

namespace budget::auth {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

const char kExample[] = BUDGET_SOURCE_DIR "/packaging/oidc-mapping.example";

ClaimMapping Example() {
  absl::StatusOr<ClaimMapping> m = ClaimMapping::Load(kExample);
  EXPECT_TRUE(m.ok()) << m.status();
  return *std::move(m);
}

json User(const std::string& name, json groups) {
  return {{"sub", "0c7d"},
          {"preferred_username", name},
          {"name", "Anna Berg"},
          {"groups", std::move(groups)}};
}

TEST(ClaimMappingTest, TheShippedExampleMapsEveryDemoRole) {
  const ClaimMapping m = Example();
  struct Case {
    const char* group;
    v1::Role role;
    const char* committee;
    const char* body;
  };
  const Case cases[] = {
      {"oekonomi-cko", v1::ROLE_COORDINATOR, "", ""},
      {"oekonomi-sagsbehandlere", v1::ROLE_CASE_WORKER, "", ""},
      {"udvalg-social", v1::ROLE_COMMITTEE, "socialudvalget", ""},
      {"udvalg-boern", v1::ROLE_COMMITTEE, "boerne-og-uddannelsesudvalget", ""},
      {"udvalg-teknik", v1::ROLE_COMMITTEE, "teknik-og-miljoeudvalget", ""},
      {"byraadet", v1::ROLE_COUNCIL, "", ""},
      {"med-hovedudvalget", v1::ROLE_HMU, "", ""},
      {"hoering-enghaven", v1::ROLE_HEARING_BODY, "",
       "rounds/2024/workplaces/bofaellesskab-enghaven"},
      {"revision", v1::ROLE_AUDITOR, "", ""},
      {"it-drift-budget", v1::ROLE_ADMINISTRATOR, "", ""},
      {"medarbejdere-forslag", v1::ROLE_EMPLOYEE, "", ""},
  };
  for (const Case& c : cases) {
    absl::StatusOr<v1::Principal> p = m.Map(User("anna@naestved.dk", {c.group}), {});
    ASSERT_TRUE(p.ok()) << c.group << ": " << p.status();
    EXPECT_EQ(p->name(), "users/anna@naestved.dk");
    EXPECT_EQ(p->display_name(), "Anna Berg");
    ASSERT_EQ(p->roles_size(), 1) << c.group;
    EXPECT_EQ(p->roles(0), c.role) << c.group;
    EXPECT_EQ(p->committee(), c.committee);
    EXPECT_EQ(p->body(), c.body);
  }
}

TEST(ClaimMappingTest, TheOperationsGuideShowsTheShippedExample) {
  absl::StatusOr<std::string> example = base::ReadFile(kExample, "example");
  absl::StatusOr<std::string> guide =
      base::ReadFile(BUDGET_SOURCE_DIR "/docs/operations.md", "guide");
  ASSERT_TRUE(example.ok() && guide.ok());
  EXPECT_THAT(*guide, HasSubstr(*example));
}

TEST(ClaimMappingTest, AnUnmappedTokenIsDeniedNamingTheMissingMapping) {
  absl::StatusOr<v1::Principal> p =
      Example().Map(User("bo@naestved.dk", {"alle-ansatte", "kantine"}), {});
  EXPECT_EQ(p.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(p.status().message(),
              HasSubstr("no role is mapped for users/bo@naestved.dk: the OIDC mapping file has "
                        "no line for its groups [\"alle-ansatte\",\"kantine\"]"));
  EXPECT_THAT(Example().Map({{"preferred_username", "bo"}}, {}).status().message(),
              HasSubstr("groups (absent)"));
  // A long list is cut short.
  json many = json::array();
  for (int i = 0; i < 40; ++i) many.push_back("g" + std::to_string(i));
  EXPECT_THAT(Example().Map(User("bo", many), {}).status().message(), HasSubstr("... 30 more]"));
}

TEST(ClaimMappingTest, APrincipalClaimIsRequired) {
  absl::StatusOr<v1::Principal> p = Example().Map({{"groups", {"byraadet"}}}, {});
  EXPECT_EQ(p.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_THAT(p.status().message(), HasSubstr("no \"preferred_username\" claim"));
}

TEST(ClaimMappingTest, LinesAddUpAndScopesAreChosen) {
  const ClaimMapping m = Example();
  absl::StatusOr<v1::Principal> p = m.Map(User("kim", {"byraadet", "udvalg-social"}), {});
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->roles_size(), 2);
  EXPECT_EQ(p->committee(), "socialudvalget");
  // A member of two committees names the one a call is for.
  const json two = User("kim", {"udvalg-social", "udvalg-boern"});
  EXPECT_THAT(m.Map(two, {}).status().message(),
              HasSubstr("may act for the committees boerne-og-uddannelsesudvalget, "
                        "socialudvalget: name the one this call is for in the metadata "
                        "x-budget-committee"));
  p = m.Map(two, {.committee = "boerne-og-uddannelsesudvalget", .body = ""});
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->committee(), "boerne-og-uddannelsesudvalget");
  absl::Status wrong = m.Map(two, {.committee = "oekonomiudvalget", .body = ""}).status();
  EXPECT_EQ(wrong.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(wrong.message(), HasSubstr("names the committee \"oekonomiudvalget\""));
}

TEST(ClaimMappingTest, RoleClaimsNestedClaimsAndQuotedValues) {
  absl::StatusOr<ClaimMapping> m = ClaimMapping::Parse(
      "principal oid\n"
      "principal_prefix \"\"\n"
      "map roles Budget.Auditor auditor  # an Entra app role\n"
      "map realm_access.roles \"budget council\" council\n");
  ASSERT_TRUE(m.ok()) << m.status();
  absl::StatusOr<v1::Principal> p = m->Map({{"oid", "4f2e"}, {"roles", {"Budget.Auditor"}}}, {});
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->name(), "4f2e");
  p = m->Map({{"oid", "4f2e"}, {"realm_access", {{"roles", {"budget council"}}}}}, {});
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->roles(0), v1::ROLE_COUNCIL);
  // A plain string claim counts as a one-value list.
  p = m->Map({{"oid", "4f2e"}, {"roles", "Budget.Auditor"}}, {});
  EXPECT_TRUE(p.ok()) << p.status();
}

TEST(ClaimMappingTest, EntraGroupOverageIsNamed) {
  json claims = {{"preferred_username", "anna"},
                 {"_claim_names", {{"groups", "src1"}}},
                 {"_claim_sources", {{"src1", {{"endpoint", "https://graph.example"}}}}}};
  absl::Status s = Example().Map(claims, {}).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(s.message(), HasSubstr("left the \"groups\" claim out"));
}

TEST(ClaimMappingTest, ErrorsNameTheLine) {
  struct Case {
    const char* text;
    const char* error;
  };
  const Case cases[] = {
      {"principal sub\nmap groups x chief\n", "line 2: unknown role \"chief\""},
      {"principal sub\nmap groups x committee\n", "line 2: the committee role needs committee="},
      {"principal sub\nmap groups x council committee=social\n", "committee= needs the role"},
      {"principal sub\nmap groups x hearing_body\n", "line 2: the hearing_body role needs body="},
      {"principal sub\nmap groups \"x council\n", "line 2: unclosed quote"},
      {"principal sub\nmap groups x council colour=red\n", "unknown option \"colour=red\""},
      {"principal sub\nmap groups\n", "line 2: expected: map <claim>"},
      {"principal sub\nrole x\n", "line 2: unknown keyword \"role\""},
      {"principal\n", "line 1: expected: principal <value>"},
      {"map groups x council\n", "no \"principal <claim>\" line"},
      {"principal sub\n", "no \"map\" line"},
  };
  for (const Case& c : cases) {
    absl::StatusOr<ClaimMapping> m = ClaimMapping::Parse(c.text);
    EXPECT_EQ(m.status().code(), absl::StatusCode::kInvalidArgument) << c.text;
    EXPECT_THAT(m.status().message(), HasSubstr(c.error)) << c.text;
  }
  EXPECT_EQ(ClaimMapping::Load("/nonexistent/mapping").status().code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace budget::auth
