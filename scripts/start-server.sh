#!/usr/bin/env bash
# Starts budgetd on ./data. On first run it creates a local token file with
# one bearer token per demo role: the hashes in .budget/tokens (what the
# server reads), the tokens themselves in .budget/demo-tokens (for you).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/make-tokens.sh .budget
# The Ed25519 key that signs the log's Merkle tree heads (docs/audit.md),
# made on first run; auditors get its public key, printed here and kept
# beside it. The server appends its signed heads to .budget/heads.jsonl.
key=.budget/signing-key.pem
if [[ ! -f "$key" ]]; then
  (umask 077 && openssl genpkey -algorithm ed25519 -out "$key")
  openssl pkey -in "$key" -pubout -out "$key.pub"
  echo "made the tree-head signing key $key; its public key, for auditors, is $key.pub:"
  cat "$key.pub"
fi
# The HTTP API (docs/http.md) and, when built, the web app (docs/web.md).
web=()
if [[ -f build/web/index.html ]]; then web=(--web_root build/web); fi
exec build/services/server/budgetd --data_dir ./data --listen "${BUDGET_LISTEN:-127.0.0.1:50051}" \
  --http_listen "${BUDGET_HTTP_LISTEN:-127.0.0.1:8080}" "${web[@]}" \
  --token_file .budget/tokens --signing_key "$key" --head_file .budget/heads.jsonl "$@"
