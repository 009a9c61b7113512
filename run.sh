#!/usr/bin/env bash
# Installs what is missing (Debian 12, as root), builds into build/, and starts
# budgetd on the embedded data directory ./data. Extra arguments go to budgetd.
set -euo pipefail
cd "$(dirname "$0")"
scripts/deps.sh
# The web app's build tools (clients/web/package-lock.json), again only when the lock file changed.
if [[ ! clients/web/node_modules/.package-lock.json -nt clients/web/package-lock.json ]]; then
  (cd clients/web && npm ci --no-audit --no-fund)
fi
# The same tree, with the same options, as the first of ./test.sh.
scripts/build.sh build -DCMAKE_BUILD_TYPE=Release "-DCMAKE_CXX_FLAGS_RELEASE=-O2 -DNDEBUG"
if [[ ! -x build/services/server/budgetd ]]; then
  echo "built into build/ (the server budgetd does not exist yet)"
  exit 0
fi
exec scripts/start-server.sh "$@"
