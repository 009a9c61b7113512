#!/usr/bin/env bash
# Gives every demo role a fresh bearer token, unless DIR already has one for
# it: the hashes in DIR/tokens (what budgetd reads), the tokens themselves in
# DIR/demo-tokens (shell assignments, for you and the clients).
#   scripts/make-tokens.sh DIR
set -euo pipefail
state=${1:?usage: make-tokens.sh DIR}
mkdir -p "$state"
chmod 700 "$state"
umask 077
touch "$state/tokens" "$state/demo-tokens"
added=0
while read -r var principal roles extra; do
  # A role added since the file was made gets its token; the others keep theirs.
  grep -q "^$var=" "$state/demo-tokens" && continue
  token=$(openssl rand -hex 32)
  hash=$(printf '%s' "$token" | sha256sum | cut -d' ' -f1)
  echo "sha256:$hash $principal $roles $extra" >> "$state/tokens"
  echo "$var=$token" >> "$state/demo-tokens"
  added=$((added + 1))
done <<'ROLES'
BUDGET_TOKEN_COORDINATOR users/cko coordinator
BUDGET_TOKEN_CASE_WORKER users/sagsbehandler case_worker
BUDGET_TOKEN_SOCIAL users/socialudvalget committee committee=socialudvalget
BUDGET_TOKEN_CHILDREN users/boerne-og-uddannelsesudvalget committee committee=boerne-og-uddannelsesudvalget
BUDGET_TOKEN_TECHNICAL users/teknik-og-miljoeudvalget committee committee=teknik-og-miljoeudvalget
BUDGET_TOKEN_COUNCIL users/byraadet council
BUDGET_TOKEN_FINANCE_COMMITTEE users/oekonomiudvalget finance_committee
BUDGET_TOKEN_HMU bodies/hmu hmu
BUDGET_TOKEN_WORKPLACE bodies/bofaellesskab-enghaven hearing_body body=rounds/2024/workplaces/bofaellesskab-enghaven
BUDGET_TOKEN_AUDITOR users/revisor auditor
BUDGET_TOKEN_ADMIN users/admin administrator
BUDGET_TOKEN_EMPLOYEE users/medarbejder employee
BUDGET_TOKEN_PUBLIC public/borger public
ROLES
if (( added == 0 )); then
  echo "token file: $state/tokens; demo tokens: $state/demo-tokens"
else
  echo "added $added token(s) to $state/tokens (hashes, read by budgetd)"
  echo "and to $state/demo-tokens, one per demo role (source it: . $state/demo-tokens)"
fi
