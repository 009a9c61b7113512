#include "services/auth/claim_mapping.h"

#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "base/file.h"
#include "services/api/authenticator.h"

namespace budget::auth {
namespace {

using nlohmann::json;

// At most this many of a claim's values are named in a refusal.
constexpr size_t kValuesNamed = 10;

// Splits a line into fields: whitespace separates, double quotes keep
// spaces, '#' outside quotes starts a comment.
absl::StatusOr<std::vector<std::string>> Fields(absl::string_view line) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < line.size()) {
    const char c = line[i];
    if (c == ' ' || c == '\t' || c == '\r') {
      ++i;
    } else if (c == '#') {
      break;
    } else if (c == '"') {
      const size_t end = line.find('"', i + 1);
      if (end == absl::string_view::npos) return absl::InvalidArgumentError("unclosed quote");
      out.emplace_back(line.substr(i + 1, end - i - 1));
      i = end + 1;
    } else {
      size_t end = line.find_first_of(" \t\r#\"", i);
      if (end == absl::string_view::npos) end = line.size();
      out.emplace_back(line.substr(i, end - i));
      i = end;
    }
  }
  return out;
}

// The claim at `path`: the member of that name, or else the dotted path
// through nested objects (Keycloak's realm_access.roles). Null if absent.
const json* Claim(const json& claims, const std::string& path) {
  if (auto it = claims.find(path); it != claims.end()) return &*it;
  const json* at = &claims;
  for (absl::string_view step : absl::StrSplit(path, '.')) {
    if (!at->is_object()) return nullptr;
    auto it = at->find(std::string(step));
    if (it == at->end()) return nullptr;
    at = &*it;
  }
  return at;
}

bool Holds(const json* claim, const std::string& value) {
  if (claim == nullptr) return false;
  if (claim->is_string()) return *claim == value;
  if (!claim->is_array()) return false;
  return std::any_of(claim->begin(), claim->end(),
                     [&](const json& v) { return v.is_string() && v == value; });
}

std::string Describe(const json* claim) {
  if (claim == nullptr) return "(absent)";
  if (!claim->is_array() || claim->size() <= kValuesNamed) return claim->dump();
  std::vector<std::string> first;
  for (size_t i = 0; i < kValuesNamed; ++i) first.push_back((*claim)[i].dump());
  return absl::StrCat("[", absl::StrJoin(first, ","), ", ... ", claim->size() - kValuesNamed,
                      " more]");
}

// The one scope the caller acts for among `mapped`, as `chosen` picks.
absl::StatusOr<std::string> Choose(const std::set<std::string>& mapped, const std::string& chosen,
                                   absl::string_view what, absl::string_view header,
                                   absl::string_view who) {
  if (chosen.empty()) {
    if (mapped.size() <= 1) return mapped.empty() ? "" : *mapped.begin();
    return absl::PermissionDeniedError(
        absl::StrCat(who, " may act for the ", what, "s ", absl::StrJoin(mapped, ", "),
                     ": name the one this call is for in the metadata ", header));
  }
  if (mapped.count(chosen) == 0) {
    return absl::PermissionDeniedError(
        absl::StrCat(header, " names the ", what, " \"", chosen, "\", but ", who, " acts for ",
                     mapped.empty() ? absl::StrCat("no ", what) : absl::StrJoin(mapped, ", ")));
  }
  return chosen;
}

}  // namespace

absl::StatusOr<ClaimMapping> ClaimMapping::Parse(absl::string_view contents) {
  ClaimMapping m;
  int line_no = 0;
  for (absl::string_view line : absl::StrSplit(contents, '\n')) {
    ++line_no;
    auto bad = [&](absl::string_view why) {
      return absl::InvalidArgumentError(absl::StrCat("mapping file line ", line_no, ": ", why));
    };
    absl::StatusOr<std::vector<std::string>> fields = Fields(line);
    if (!fields.ok()) return bad(fields.status().message());
    if (fields->empty()) continue;
    const std::string& keyword = (*fields)[0];
    const size_t n = fields->size();
    if (keyword == "principal" || keyword == "display_name" || keyword == "principal_prefix") {
      if (n != 2) return bad(absl::StrCat("expected: ", keyword, " <value>"));
      std::string& target = keyword == "principal"      ? m.principal_claim_
                            : keyword == "display_name" ? m.display_name_claim_
                                                        : m.principal_prefix_;
      target = (*fields)[1];
      if (target.empty() && keyword != "principal_prefix") return bad("the claim name is empty");
      continue;
    }
    if (keyword != "map") {
      return bad(absl::StrCat("unknown keyword \"", keyword,
                              "\" (expected principal, principal_prefix, display_name or map)"));
    }
    if (n < 4) {
      return bad(
          "expected: map <claim> \"<value>\" <role>[,<role>...] [committee=<id>] "
          "[body=<name>]");
    }
    Rule rule;
    rule.claim = (*fields)[1];
    rule.value = (*fields)[2];
    if (rule.claim.empty() || rule.value.empty())
      return bad("the claim and the value must not be empty");
    for (absl::string_view role : absl::StrSplit((*fields)[3], ',')) {
      v1::Role r;
      if (!ParseRole(role, &r)) return bad(absl::StrCat("unknown role \"", role, "\""));
      rule.roles.push_back(r);
    }
    for (size_t i = 4; i < n; ++i) {
      absl::string_view opt = (*fields)[i];
      if (absl::ConsumePrefix(&opt, "committee=") && !opt.empty()) {
        rule.committee = std::string(opt);
      } else if (absl::ConsumePrefix(&opt, "body=") && !opt.empty()) {
        rule.body = std::string(opt);
      } else {
        return bad(absl::StrCat("unknown option \"", (*fields)[i],
                                "\" (expected committee=<id> or body=<name>)"));
      }
    }
    auto has = [&](v1::Role r) {
      return std::find(rule.roles.begin(), rule.roles.end(), r) != rule.roles.end();
    };
    // A committee member acts for one committee, a hearing body for one
    // body: the domain checks every claim and answer against them.
    if (has(v1::ROLE_COMMITTEE) != !rule.committee.empty()) {
      return bad("the committee role needs committee=<id>, and committee= needs the role");
    }
    if (has(v1::ROLE_HEARING_BODY) != !rule.body.empty()) {
      return bad("the hearing_body role needs body=<name>, and body= needs the role");
    }
    m.rules_.push_back(std::move(rule));
  }
  if (m.principal_claim_.empty()) {
    return absl::InvalidArgumentError(
        "mapping file: no \"principal <claim>\" line (e.g. principal preferred_username)");
  }
  if (m.rules_.empty()) {
    return absl::InvalidArgumentError(
        "mapping file: no \"map\" line, so no token could ever get a role");
  }
  return m;
}

absl::StatusOr<ClaimMapping> ClaimMapping::Load(const std::string& path) {
  absl::StatusOr<std::string> contents = base::ReadFile(path, "OIDC mapping file");
  if (!contents.ok()) return absl::NotFoundError(contents.status().message());
  absl::StatusOr<ClaimMapping> m = Parse(*contents);
  if (!m.ok()) return absl::InvalidArgumentError(absl::StrCat(path, ": ", m.status().message()));
  return m;
}

absl::StatusOr<v1::Principal> ClaimMapping::Map(const json& claims,
                                                const ScopeChoice& choice) const {
  const json* id = Claim(claims, principal_claim_);
  if (id == nullptr || !id->is_string() || id->get<std::string>().empty()) {
    return absl::UnauthenticatedError(
        absl::StrCat("the bearer token is refused: it has no \"", principal_claim_,
                     "\" claim, which the OIDC mapping file names as the principal"));
  }
  v1::Principal p;
  p.set_name(principal_prefix_ + id->get<std::string>());
  if (const json* name = display_name_claim_.empty() ? nullptr : Claim(claims, display_name_claim_);
      name != nullptr && name->is_string()) {
    p.set_display_name(name->get<std::string>());
  }
  std::set<std::string> committees, bodies, looked_at;
  for (const Rule& rule : rules_) {
    looked_at.insert(rule.claim);
    if (!Holds(Claim(claims, rule.claim), rule.value)) continue;
    for (v1::Role r : rule.roles) {
      if (std::find(p.roles().begin(), p.roles().end(), r) == p.roles().end()) p.add_roles(r);
    }
    if (!rule.committee.empty()) committees.insert(rule.committee);
    if (!rule.body.empty()) bodies.insert(rule.body);
  }
  // Entra ID leaves a claim out when a user is in too many groups, and names
  // it in _claim_names instead: budgetd cannot follow that to Graph.
  if (auto names = claims.find("_claim_names"); names != claims.end() && names->is_object()) {
    for (const std::string& claim : looked_at) {
      if (names->contains(claim)) {
        return absl::PermissionDeniedError(absl::StrCat(
            "the identity provider left the \"", claim, "\" claim out of ", p.name(),
            "'s token (too many groups: _claim_names); assign the groups to the application, "
            "or map app roles instead"));
      }
    }
  }
  if (p.roles().empty()) {
    std::vector<std::string> seen;
    for (const std::string& claim : looked_at) {
      seen.push_back(absl::StrCat(claim, " ", Describe(Claim(claims, claim))));
    }
    return absl::PermissionDeniedError(absl::StrCat(
        "no role is mapped for ", p.name(), ": the OIDC mapping file has no line for its ",
        absl::StrJoin(seen, ", "), " (add one: map <claim> \"<value>\" <role>)"));
  }
  absl::StatusOr<std::string> committee =
      Choose(committees, choice.committee, "committee", "x-budget-committee", p.name());
  if (!committee.ok()) return committee.status();
  absl::StatusOr<std::string> body = Choose(bodies, choice.body, "body", "x-budget-body", p.name());
  if (!body.ok()) return body.status();
  p.set_committee(*committee);
  p.set_body(*body);
  return p;
}

}  // namespace budget::auth
