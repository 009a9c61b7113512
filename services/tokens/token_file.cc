#include "services/tokens/token_file.h"

#include <fstream>
#include <sstream>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace budget {
namespace {

constexpr std::pair<v1::Role, absl::string_view> kRoleNames[] = {
    {v1::ROLE_CASE_WORKER, "case_worker"},
    {v1::ROLE_COORDINATOR, "coordinator"},
    {v1::ROLE_COMMITTEE, "committee"},
    {v1::ROLE_COUNCIL, "council"},
    {v1::ROLE_HMU, "hmu"},
    {v1::ROLE_HEARING_BODY, "hearing_body"},
    {v1::ROLE_AUDITOR, "auditor"},
    {v1::ROLE_ADMINISTRATOR, "administrator"},
    {v1::ROLE_PUBLIC, "public"},
    {v1::ROLE_EMPLOYEE, "employee"},
    {v1::ROLE_FINANCE_COMMITTEE, "finance_committee"},
};

}  // namespace

std::string RoleName(v1::Role role) {
  for (const auto& [r, name] : kRoleNames) {
    if (r == role) return std::string(name);
  }
  return "unknown";
}

absl::Span<const v1::Role> NamedRoles() {
  static const std::vector<v1::Role>* const roles = [] {
    auto* all = new std::vector<v1::Role>;
    for (const auto& [r, unused] : kRoleNames) all->push_back(r);
    return all;
  }();
  return *roles;
}

bool ParseRole(absl::string_view name, v1::Role* out) {
  for (const auto& [r, n] : kRoleNames) {
    if (n == name) {
      *out = r;
      return true;
    }
  }
  return false;
}

absl::StatusOr<std::vector<TokenEntry>> ParseTokenFile(absl::string_view contents) {
  std::vector<TokenEntry> out;
  absl::flat_hash_set<base::Hash> seen;
  int line_no = 0;
  for (absl::string_view line : absl::StrSplit(contents, '\n')) {
    ++line_no;
    line = absl::StripAsciiWhitespace(line.substr(0, line.find('#')));
    if (line.empty()) continue;
    auto bad = [&](absl::string_view why) {
      return absl::InvalidArgumentError(absl::StrCat("token file line ", line_no, ": ", why));
    };
    std::vector<absl::string_view> fields = absl::StrSplit(line, ' ', absl::SkipWhitespace());
    if (fields.size() < 3) return bad("expected: sha256:<hex> <principal> <roles> [options]");
    TokenEntry e;
    absl::string_view hash = fields[0];
    if (!absl::ConsumePrefix(&hash, "sha256:") || !base::HashFromHex(hash, &e.token_hash)) {
      return bad("the first field must be sha256: followed by 64 hex digits");
    }
    e.principal.set_name(std::string(fields[1]));
    for (absl::string_view role : absl::StrSplit(fields[2], ',')) {
      v1::Role r;
      if (!ParseRole(role, &r)) return bad(absl::StrCat("unknown role \"", role, "\""));
      e.principal.add_roles(r);
    }
    for (size_t i = 3; i < fields.size(); ++i) {
      absl::string_view opt = fields[i];
      if (opt == "revoked") {
        e.revoked = true;
      } else if (absl::ConsumePrefix(&opt, "committee=")) {
        e.principal.set_committee(std::string(opt));
      } else if (absl::ConsumePrefix(&opt, "body=")) {
        e.principal.set_body(std::string(opt));
      } else {
        return bad(absl::StrCat("unknown option \"", fields[i], "\""));
      }
    }
    if (!seen.insert(e.token_hash).second) return bad("the same token hash appears twice");
    out.push_back(std::move(e));
  }
  return out;
}

absl::StatusOr<std::vector<TokenEntry>> LoadTokenFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read the token file ", path));
  std::stringstream buf;
  buf << in.rdbuf();
  absl::StatusOr<std::vector<TokenEntry>> entries = ParseTokenFile(buf.str());
  if (!entries.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": ", entries.status().message()));
  }
  return entries;
}

std::string FormatTokenLine(const TokenEntry& e) {
  std::vector<std::string> roles;
  for (int r : e.principal.roles()) roles.push_back(RoleName(static_cast<v1::Role>(r)));
  std::string line = absl::StrCat("sha256:", base::HashToHex(e.token_hash), " ", e.principal.name(),
                                  " ", absl::StrJoin(roles, ","));
  if (!e.principal.committee().empty())
    absl::StrAppend(&line, " committee=", e.principal.committee());
  if (!e.principal.body().empty()) absl::StrAppend(&line, " body=", e.principal.body());
  if (e.revoked) absl::StrAppend(&line, " revoked");
  return line;
}

}  // namespace budget
