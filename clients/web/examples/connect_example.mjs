// Calls budgetd's HTTP API with a stock Connect client (@connectrpc/connect,
// Node): opens a round (safe to repeat), reads its summary with a cacheable
// GET, shows how a refusal names its field, and follows the live audit feed.
//
//   protoc --plugin=protoc-gen-es=node_modules/.bin/protoc-gen-es \
//     --es_out=gen --es_opt=target=js,import_extension=js -I ../../proto \
//     budget/v1/*.proto google/rpc/*.proto
//   BUDGET_HTTP=http://127.0.0.1:8080 BUDGET_TOKEN=... node connect_example.mjs 2025
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { BadRequestSchema } from "./gen/google/rpc/error_details_pb.js";
import { AuditService } from "./gen/budget/v1/audit_service_pb.js";
import { RoundTemplate } from "./gen/budget/v1/round_pb.js";
import { RoundService } from "./gen/budget/v1/round_service_pb.js";

const roundId = process.argv[2] ?? "2025";
const transport = createConnectTransport({
  baseUrl: process.env.BUDGET_HTTP ?? "http://127.0.0.1:8080",
  httpVersion: "1.1",
  useHttpGet: true, // side-effect-free reads go as GET, so they can be cached
  interceptors: [
    (next) => (req) => {
      req.header.set("Authorization", `Bearer ${process.env.BUDGET_TOKEN}`);
      return next(req);
    },
  ],
});
const rounds = createClient(RoundService, transport);
const audit = createClient(AuditService, transport);

// The request id makes the call safe to retry: a repeat answers as the first.
const created = await rounds.createRound({
  requestId: `create-round-${roundId}`,
  roundId,
  municipality: "Næstved Kommune",
  budgetYear: Number(roundId),
  targets: { catalogueTotalKr: 110_000_000n, raaderumKr: 45_000_000n },
  template: RoundTemplate.STRATEGY_2024,
});
console.log(`rounds/${roundId}: ${created.deduplicated ? "already there" : "created"}`);

const summary = await rounds.getRoundSummary({ round: `rounds/${roundId}` });
const total = summary.fullImplementation;
console.log(`catalogue ${total?.catalogueKr} of ${total?.catalogueTargetKr} kr.`);

try {
  await rounds.createRound({ requestId: "bad", roundId: "Not An Id" });
} catch (e) {
  const error = ConnectError.from(e);
  console.log(`refused: ${Code[error.code]}`);
  for (const bad of error.findDetails(BadRequestSchema)) {
    for (const v of bad.fieldViolations) console.log(`  ${v.field}: ${v.description}`);
  }
}

// The audit feed: the log from the start, then live events as they are
// recorded; here it stops at the round's creation.
const stop = new AbortController();
try {
  for await (const entry of audit.subscribe({ fromPosition: 1n }, { signal: stop.signal })) {
    console.log(`event ${entry.position}: ${entry.type}`);
    if (entry.position >= created.logPosition) stop.abort();
  }
} catch (e) {
  if (ConnectError.from(e).code !== Code.Canceled) throw e;
}
