// App-wide state: who is signed in, the round being looked at, and a tick
// that grows whenever the log does (the live feed), so pages re-read.
import { createContext } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import type { LogEntry } from '../gen/budget/v1/audit_service_pb';
import type { Principal } from '../gen/budget/v1/common_pb';
import { Role } from '../gen/budget/v1/common_pb';
import type { Round } from '../gen/budget/v1/round_pb';
import type { RoundSummary } from '../gen/budget/v1/summary_pb';
import { refusal, type Refusal } from './api';

export interface AppState {
  me: Principal;
  rounds: Round[];
  round?: Round;
  summary?: RoundSummary;
  /** Grows with every event the live feed sees. */
  tick: number;
  /** The newest events the live feed delivered (when the role may read the log), newest first. */
  liveEntries: LogEntry[];
  selectRound: (name: string) => void;
  /** Re-reads the round and its summary (after an action). */
  refresh: () => void;
}

export const AppContext = createContext<AppState>(undefined as unknown as AppState);

export function useApp(): AppState {
  return useContext(AppContext);
}

export function has(me: Principal | undefined, ...roles: Role[]): boolean {
  return !!me && me.roles.some((r) => roles.includes(r));
}

export { Role };

/** Runs `load` whenever `deps` change; keeps the last data while reloading (no flicker on live updates). */
export function useAsync<T>(load: () => Promise<T>, deps: unknown[]): { data?: T; error?: Refusal; loading: boolean } {
  const [state, setState] = useState<{ data?: T; error?: Refusal; loading: boolean }>({ loading: true });
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => { if (live) setState({ data, loading: false }); },
      (e) => { if (live) setState({ error: refusal(e), loading: false }); });
    return () => { live = false; };
  }, deps);
  return state;
}
