// For auditors: the log as a paged, filterable table; the whole round as of
// any log position (GetStateAsOf); chain verification with the head hash;
// exports; and the live feed.
import { useEffect, useState } from 'preact/hooks';
import type { ReadLogResponse, RoundState } from '../../gen/budget/v1/audit_service_pb';
import { ExportFormat, ExportKind } from '../../gen/budget/v1/audit_service_pb';
import { api, refusal, stateAsOf, type Refusal } from '../api';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { ActionButton, Alert, Field, Loading, RefusalSummary, TextInput } from '../components';
import { dateTime, grouped, mio, shortName } from '../format';
import { saveFile } from '../save';
import { useApp } from '../state';
import { t } from '../texts';
import { eventName } from './history';

const PAGE = 50;

function Log() {
  const { round, tick } = useApp();
  const [type, setType] = useState('');
  const [actor, setActor] = useState('');
  const [from, setFrom] = useState<bigint>(1n);
  const [page, setPage] = useState<ReadLogResponse>();
  const [error, setError] = useState<Refusal>();
  useEffect(() => {
    if (!round) return;
    api.audit.readLog({ round: round.name, fromPosition: from, pageSize: PAGE, type: type && (type.includes('.') ? type : `budget.v1.${type}`), actor })
      .then((r) => { setPage(r); setError(undefined); }, (e) => setError(refusal(e)));
  }, [round?.name, type, actor, from, tick]);
  return (
    <section aria-labelledby="log-heading" class="mb-6">
      <h2 id="log-heading">{t.audit.log}</h2>
      <div class="filters">
        <TextInput id="log-type" label={t.audit.filterType} value={type} onInput={(v) => { setType(v); setFrom(1n); }} />
        <TextInput id="log-actor" label={t.audit.filterActor} value={actor} onInput={(v) => { setActor(v); setFrom(1n); }} />
      </div>
      <RefusalSummary refusal={error} />
      {!page ? <Loading /> : (
        <>
          <div class="table-wrap">
            <table class="table table--compact table--zebra" id="log">
              <caption class="sr-only">{t.audit.log}</caption>
              <thead><tr><th scope="col">{t.audit.position}</th><th scope="col">{t.audit.time}</th><th scope="col">{t.audit.type}</th>
                <th scope="col">{t.audit.stream}</th><th scope="col">{t.audit.actor}</th></tr></thead>
              <tbody>{page.entries.map((e) => (
                <tr key={String(e.position)}>
                  <td class="num">{String(e.position)}</td><td>{dateTime(e.recordedAt)}</td><td>{eventName(e.type)}</td>
                  <td>{e.stream}</td><td>{e.actor}</td>
                </tr>))}
              </tbody>
            </table>
          </div>
          <div class="actions">
            {from > 1n && <button type="button" class="button button-secondary" onClick={() => setFrom(1n)}>{t.audit.previous}</button>}
            {page.nextPageToken && page.entries.length > 0 && (
              <button type="button" class="button button-secondary" id="log-next"
                onClick={() => setFrom(page.entries[page.entries.length - 1].position + 1n)}>{t.audit.next}</button>
            )}
          </div>
        </>
      )}
    </section>
  );
}

function AsOf() {
  const { round } = useApp();
  const head = round?.logPosition ?? 1n;
  const [position, setPosition] = useState<string>(String(head));
  const [time, setTime] = useState('');
  const [state, setState] = useState<RoundState>();
  const [error, setError] = useState<Refusal>();
  // Moving the slider asks once it rests for a moment, not at every step.
  const ask = (request: { position?: bigint; time?: Date }) => {
    if (!round) return undefined;
    const timer = setTimeout(() => {
      stateAsOf({ round: round.name, position: request.position ?? 0n, time: request.time && timestampFromDate(request.time) })
        .then((s) => { setState(s); setError(undefined); if (request.time) setPosition(String(s.position)); }, (e) => setError(refusal(e)));
    }, 150);
    return () => clearTimeout(timer);
  };
  useEffect(() => ask({ position: BigInt(/^\d+$/.test(position) ? position : '1') }), [round?.name, position]);
  useEffect(() => (time ? ask({ time: new Date(time) }) : undefined), [round?.name, time]);
  if (!round) return null;
  const names = new Map(round.committees.map((c) => [c.name, c.displayName]));
  return (
    <section aria-labelledby="asof-heading" class="mb-6">
      <h2 id="asof-heading">{t.audit.asOf}</h2>
      <p>{t.audit.asOfIntro}</p>
      <label class="form-label" for="asof-slider">{t.audit.asOfSlider}</label>
      <input type="range" class="slider" id="asof-slider" min="1" max={String(head)} value={position}
        onInput={(e) => { setTime(''); setPosition((e.target as HTMLInputElement).value); }} />
      <div class="filters">
        <TextInput id="asof-position" label={t.audit.position} inputMode="numeric" value={position} onInput={(v) => { setTime(''); setPosition(v); }} />
        <Field id="asof-time" label={t.audit.asOfTime}>
          <input class="form-input" type="datetime-local" id="asof-time" value={time} onInput={(e) => setTime((e.target as HTMLInputElement).value)} />
        </Field>
      </div>
      <RefusalSummary refusal={error} />
      {state && (
        <div id="asof-state">
          <p role="status" id="asof-at"><strong>{t.audit.asOfAt(String(state.position), dateTime(state.asOf))}</strong></p>
          <p>{`${t.overview.catalogue}: ${mio(state.summary?.fullImplementation?.catalogueKr ?? 0n)} · ${t.overview.approved}: ${mio(state.summary?.fullImplementation?.approvedKr ?? 0n)}`}</p>
          <div class="table-wrap">
            <table class="table table--compact" id="asof-proposals">
              <caption class="sr-only">{t.audit.asOf}</caption>
              <thead><tr><th scope="col">{t.catalogue.id}</th><th scope="col">{t.catalogue.title}</th><th scope="col">{t.catalogue.status}</th><th scope="col">{t.audit.claimed}</th></tr></thead>
              <tbody>{state.proposals.map((p) => (
                <tr key={p.name} data-proposal={shortName(p.name)}>
                  <td>{shortName(p.name)}</td><td>{p.content?.title}</td><td>{t.status[p.status]}</td>
                  <td>{p.claim ? names.get(p.claim.committee) ?? p.claim.committee : t.audit.unclaimed}</td>
                </tr>))}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </section>
  );
}

function Verify() {
  const [result, setResult] = useState<{ ok: boolean; text: string; hash: string }>();
  const [error, setError] = useState<Refusal>();
  return (
    <section aria-labelledby="verify-heading" class="mb-6">
      <h2 id="verify-heading">{t.audit.verify}</h2>
      <RefusalSummary refusal={error} />
      {result && (
        <Alert variant={result.ok ? 'success' : 'error'} id="verify-result">
          {result.text}<br />{`${t.audit.headHash}: `}<code>{result.hash}</code>
        </Alert>
      )}
      <ActionButton onClick={async () => {
        try {
          const r = await api.audit.verifyChain({});
          setResult({ ok: r.ok, text: r.ok ? t.audit.verifyOk(grouped(r.checked)) : `${t.audit.verifyBad}: ${r.firstBadPosition} ${r.problem}`, hash: r.lastHash });
          setError(undefined);
        } catch (e) { setError(refusal(e)); }
      }}>{t.audit.verify}</ActionButton>
    </section>
  );
}

function Exports() {
  const { round } = useApp();
  const [error, setError] = useState<Refusal>();
  if (!round) return null;
  const run = async (kind: ExportKind, format: ExportFormat, file: string) => {
    try {
      const parts: Uint8Array[] = [];
      for await (const chunk of api.audit.export({ kind, format, round: round.name })) parts.push(chunk.data);
      const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
      let at = 0;
      for (const p of parts) { all.set(p, at); at += p.length; }
      saveFile(file, all, format === ExportFormat.EXPORT_CSV ? 'text/csv;charset=utf-8' : 'application/jsonl');
      setError(undefined);
    } catch (e) { setError(refusal(e)); }
  };
  const id = round.name.slice(7);
  return (
    <section aria-labelledby="exports-heading" class="mb-6">
      <h2 id="exports-heading">{t.audit.exports}</h2>
      <RefusalSummary refusal={error} />
      <div class="actions">
        <ActionButton variant="secondary" onClick={() => run(ExportKind.EXPORT_CATALOGUE, ExportFormat.EXPORT_CSV, `katalog-${id}.csv`)}>{t.audit.exportCatalogue}</ActionButton>
        <ActionButton variant="secondary" onClick={() => run(ExportKind.EXPORT_DECISIONS, ExportFormat.EXPORT_CSV, `beslutninger-${id}.csv`)}>{t.audit.exportDecisions}</ActionButton>
        <ActionButton variant="secondary" onClick={() => run(ExportKind.EXPORT_LOG, ExportFormat.EXPORT_JSON_LINES, `log-${id}.jsonl`)}>{t.audit.exportLog}</ActionButton>
      </div>
    </section>
  );
}

function Live() {
  const { liveEntries } = useApp();
  return (
    <section aria-labelledby="live-heading" class="mb-6">
      <h2 id="live-heading">{t.audit.live}</h2>
      {!liveEntries.length ? <p>{t.audit.liveNone}</p> : (
        <ol class="live-feed" id="live-feed" aria-live="polite">
          {liveEntries.map((e) => <li key={String(e.position)}>{`${e.position} · ${dateTime(e.recordedAt)} · ${eventName(e.type)} · ${e.stream} · ${e.actor}`}</li>)}
        </ol>
      )}
    </section>
  );
}

export function AuditPage() {
  return (
    <>
      <h1>{t.audit.heading}</h1>
      <Live />
      <AsOf />
      <Verify />
      <Exports />
      <Log />
    </>
  );
}
