#ifndef SERVICES_TOKENS_TOKEN_FILE_H_
#define SERVICES_TOKENS_TOKEN_FILE_H_

// The token file (budgetd --token_file): which SHA-256 token hash stands for
// which principal. A library of its own so that the clients that write it
// (budgetctl admin token create) link neither the server nor RocksDB.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "base/sha256.h"
#include "budget/v1/common.pb.h"

namespace budget {

// One line of the token file: the SHA-256 of a token and whom it stands for.
struct TokenEntry {
  base::Hash token_hash{};
  v1::Principal principal;
  bool revoked = false;
};

// The role's token-file spelling ("case_worker") and back. RoleName answers
// "unknown" for a role without one; ParseRole false for an unknown name.
std::string RoleName(v1::Role role);
bool ParseRole(absl::string_view name, v1::Role* out);
// Every role that has a token-file spelling.
absl::Span<const v1::Role> NamedRoles();

// Parses a token file: one principal per line,
//   sha256:<64 hex>  <principal>  <role>[,<role>...]  [committee=<id>]  [body=<name>]  [revoked]
// '#' starts a comment. InvalidArgument naming the line on any error.
absl::StatusOr<std::vector<TokenEntry>> ParseTokenFile(absl::string_view contents);
// As ParseTokenFile, of the file at `path`; NotFound when it cannot be read.
absl::StatusOr<std::vector<TokenEntry>> LoadTokenFile(const std::string& path);
// The line ParseTokenFile reads back.
std::string FormatTokenLine(const TokenEntry& entry);

}  // namespace budget

#endif  // SERVICES_TOKENS_TOKEN_FILE_H_
