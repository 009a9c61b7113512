#!/usr/bin/env bash
# Starts budgetd on ./data. On first run it creates a local token file with
# one bearer token per demo role: the hashes in .budget/tokens (what the
# server reads), the tokens themselves in .budget/demo-tokens (for you).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/make-tokens.sh .budget
# The HTTP API (docs/http.md) and, when built, the web app (docs/web.md).
web=()
if [[ -f build/web/index.html ]]; then web=(--web_root build/web); fi
exec build/services/server/budgetd --data_dir ./data --listen "${BUDGET_LISTEN:-127.0.0.1:50051}" \
  --http_listen "${BUDGET_HTTP_LISTEN:-127.0.0.1:8080}" "${web[@]}" \
  --token_file .budget/tokens "$@"
