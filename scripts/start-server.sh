#!/usr/bin/env bash
# Starts budgetd on ./data. On first run it creates a local token file with
# one bearer token per demo role: the hashes in .budget/tokens (what the
# server reads), the tokens themselves in .budget/demo-tokens (for you).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/make-tokens.sh .budget
exec build/services/server/budgetd --data_dir ./data --listen "${BUDGET_LISTEN:-127.0.0.1:50051}" \
  --token_file .budget/tokens "$@"
