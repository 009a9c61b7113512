#ifndef SERVICES_AUTH_CLAIM_MAPPING_H_
#define SERVICES_AUTH_CLAIM_MAPPING_H_

// From a verified token's claims to the principal budgetd records: who (one
// configured claim) and what they may do (roles, and for which committee or
// hearing body, from group or role claims). The file (--oidc_mapping_file;
// docs/operations.md has the demo's):
//
//   # '#' starts a comment; values with spaces go in double quotes.
//   principal preferred_username      # the claim that names the principal
//   principal_prefix users/           # prepended to it (default "users/")
//   display_name name                 # optional: the claim with a readable name
//   map groups "oekonomi-cko" coordinator
//   map groups "udvalg-social" committee committee=socialudvalget
//   map roles "Budget.Auditor" auditor
//
// `map CLAIM VALUE ROLES [committee=ID] [body=NAME]`: a token whose CLAIM
// (a string, or an array of strings; a dotted path such as
// realm_access.roles reaches into objects) holds VALUE gets ROLES
// (comma-separated token-file role names). Several matching lines add up.
//
// Example:
//   absl::StatusOr<ClaimMapping> mapping = ClaimMapping::Load(path);
//   absl::StatusOr<v1::Principal> who = mapping->Map(claims, {});

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "budget/v1/common.pb.h"
#include "nlohmann/json.hpp"

namespace budget::auth {

// Which of several mapped scopes a caller acts for (metadata
// x-budget-committee / x-budget-body); empty: the only one there is.
struct ScopeChoice {
  std::string committee;
  std::string body;
};

// Immutable after Parse. Thread safety: Map may be called concurrently.
class ClaimMapping {
 public:
  // InvalidArgument naming the line on any error; a file without a single
  // `map` line, or whose principal claim is missing, is an error too.
  static absl::StatusOr<ClaimMapping> Parse(absl::string_view contents);
  // Parse on the file's contents; NotFound when it cannot be read.
  static absl::StatusOr<ClaimMapping> Load(const std::string& path);

  // The principal of a verified token's claims, with every role the
  // matching lines give. Never names the token itself.
  // UNAUTHENTICATED: the principal claim is missing or not a string.
  // PERMISSION_DENIED: no line matches (the message names the claims and
  // values looked at, and the line that would map them); the token's
  // groups claim was cut short by the provider (Entra's "_claim_names"
  // overage); lines give two committees or two bodies and `choice` picks
  // none or one not among them.
  absl::StatusOr<v1::Principal> Map(const nlohmann::json& claims, const ScopeChoice& choice) const;
  size_t size() const { return rules_.size(); }

 private:
  struct Rule {
    std::string claim;
    std::string value;
    std::vector<v1::Role> roles;
    std::string committee;
    std::string body;
  };
  ClaimMapping() = default;

  std::string principal_claim_;
  std::string principal_prefix_ = "users/";
  std::string display_name_claim_;
  std::vector<Rule> rules_;
};

}  // namespace budget::auth

#endif  // SERVICES_AUTH_CLAIM_MAPPING_H_
