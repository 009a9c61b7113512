// The live feed: calls `onEvent` for each new event of the round, so every
// viewer's overview and catalogue follow what others do without a reload.
// Auditors, the coordinator and administrators may read the log and get it
// from AuditService.Subscribe (a server stream); everyone else watches the
// round's log position, which moves with every event in it.
import type { LogEntry } from '../gen/budget/v1/audit_service_pb';
import { Role } from '../gen/budget/v1/common_pb';
import type { Principal } from '../gen/budget/v1/common_pb';
import { api } from './api';

const POLL_MS = 3000;
const RETRY_MS = 2000;

export function follow(round: string, from: bigint, me: Principal, onEvent: (e?: LogEntry) => void): () => void {
  const stop = new AbortController();
  const mayStream = me.roles.some((r) => r === Role.AUDITOR || r === Role.COORDINATOR || r === Role.ADMINISTRATOR);
  let next = from + 1n;

  async function stream(): Promise<void> {
    while (!stop.signal.aborted) {
      try {
        for await (const entry of api.audit.subscribe({ round, fromPosition: next }, { signal: stop.signal })) {
          next = entry.position + 1n;
          onEvent(entry);
        }
      } catch {
        if (stop.signal.aborted) return;
      }
      await new Promise((r) => setTimeout(r, RETRY_MS));
    }
  }

  async function poll(): Promise<void> {
    let seen = from;
    while (!stop.signal.aborted) {
      await new Promise((r) => setTimeout(r, POLL_MS));
      try {
        const r = await api.rounds.getRound({ name: round }, { signal: stop.signal });
        if (r.logPosition > seen) {
          seen = r.logPosition;
          onEvent();
        }
      } catch {
        // Offline for a moment: the next poll tries again.
      }
    }
  }

  void (mayStream ? stream() : poll());
  return () => stop.abort();
}
