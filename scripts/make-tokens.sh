#!/usr/bin/env bash
# Creates a token file with one fresh bearer token per demo role, unless DIR
# already has one: the hashes in DIR/tokens (what budgetd reads), the tokens
# themselves in DIR/demo-tokens (shell assignments, for you and the clients).
#   scripts/make-tokens.sh DIR
set -euo pipefail
state=${1:?usage: make-tokens.sh DIR}
mkdir -p "$state"
chmod 700 "$state"
if [[ -f "$state/tokens" ]]; then
  echo "token file: $state/tokens; demo tokens: $state/demo-tokens"
  exit 0
fi
umask 077
: > "$state/tokens.new"
: > "$state/demo-tokens.new"
while read -r var principal roles extra; do
  token=$(openssl rand -hex 32)
  hash=$(printf '%s' "$token" | sha256sum | cut -d' ' -f1)
  echo "sha256:$hash $principal $roles $extra" >> "$state/tokens.new"
  echo "$var=$token" >> "$state/demo-tokens.new"
done <<'ROLES'
BUDGET_TOKEN_COORDINATOR users/cko coordinator
BUDGET_TOKEN_CASE_WORKER users/sagsbehandler case_worker
BUDGET_TOKEN_SOCIAL users/socialudvalget committee committee=socialudvalget
BUDGET_TOKEN_CHILDREN users/boerne-og-uddannelsesudvalget committee committee=boerne-og-uddannelsesudvalget
BUDGET_TOKEN_TECHNICAL users/teknik-og-miljoeudvalget committee committee=teknik-og-miljoeudvalget
BUDGET_TOKEN_COUNCIL users/byraadet council
BUDGET_TOKEN_HMU bodies/hmu hmu
BUDGET_TOKEN_WORKPLACE bodies/bofaellesskab-enghaven hearing_body body=rounds/2024/workplaces/bofaellesskab-enghaven
BUDGET_TOKEN_AUDITOR users/revisor auditor
BUDGET_TOKEN_ADMIN users/admin administrator
BUDGET_TOKEN_EMPLOYEE users/medarbejder employee
BUDGET_TOKEN_PUBLIC public/borger public
ROLES
mv "$state/tokens.new" "$state/tokens"
mv "$state/demo-tokens.new" "$state/demo-tokens"
echo "created a token file: $state/tokens (hashes, read by budgetd)"
echo "and one token per demo role in $state/demo-tokens (source it: . $state/demo-tokens)"
