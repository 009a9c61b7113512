// The round at a glance: targets against totals as bar charts with the
// numbers beside them, the timeline, and which phases are open now.
import { timestampDate } from '@bufbuild/protobuf/wkt';
import type { Round } from '../../gen/budget/v1/round_pb';
import type { Totals } from '../../gen/budget/v1/summary_pb';
import { BarChart, colours } from '../charts';
import { Loading } from '../components';
import { calendarDay, day, mio, percent } from '../format';
import { useApp } from '../state';
import { t } from '../texts';

function Figure(props: { id: string; label: string; value: string; note?: string }) {
  return (
    <li id={props.id}>
      <span class="figure-label">{props.label}</span>
      <span class="figure-value">{props.value}</span>
      {props.note && <span class="figure-note">{props.note}</span>}
    </li>
  );
}

function remaining(v: bigint): string {
  return v > 0n ? `${t.overview.remaining} ${mio(v)}` : `${t.overview.exceeded} ${mio(-v)}`;
}

function Targets(props: { totals: Totals; round: Round }) {
  const x = props.totals;
  // 004: the adopted budget is what the 2nd reading decides, amendments included.
  const read = props.round.readings.length > 0;
  return (
    <section aria-labelledby="targets-heading">
      <h2 id="targets-heading">{`${t.overview.targets} (${t.overview.fullImpl.toLowerCase()})`}</h2>
      <ul class="figures">
        <Figure id="fig-catalogue" label={t.overview.catalogue} value={mio(x.catalogueKr)}
          note={`${t.overview.catalogueTarget} ${mio(x.catalogueTargetKr)}; ${remaining(x.catalogueRemainingKr)}`} />
        <Figure id="fig-cross" label={t.overview.crossCutting} value={percent(x.crossCuttingShareBp)}
          note={`${mio(x.crossCuttingKr)}; ${t.overview.crossCuttingTarget} ${percent(x.crossCuttingTargetBp)}`} />
        <Figure id="fig-pool" label={t.overview.pool} value={mio(x.poolKr)} />
        <Figure id="fig-selected" label={t.overview.selected} value={mio(x.selectedKr)} />
        <Figure id="fig-approved" label={t.overview.approved} value={mio(x.approvedKr)}
          note={`${t.overview.raaderumTarget} ${mio(x.raaderumTargetKr)}; ${remaining(x.raaderumRemainingKr)}`} />
        {read && <Figure id="fig-adopted" label={props.round.adoption ? t.overview.adoptedRaaderum : t.overview.readRaaderum}
          value={mio(x.adoptedRaaderumKr)}
          note={`${t.overview.raaderumTarget} ${mio(x.raaderumTargetKr)}; ${remaining(x.adoptedRaaderumRemainingKr)}`} />}
      </ul>
      <BarChart id="chart-targets" label={`${t.overview.chartLabel}: ${t.overview.targets}`} horizontal
        labels={[t.overview.catalogue, t.overview.pool, t.overview.selected, t.overview.approved]}
        series={[
          { label: t.overview.status, values: [x.catalogueKr, x.poolKr, x.selectedKr, x.approvedKr], colour: colours.primary },
          { label: t.overview.target, values: [x.catalogueTargetKr, 0n, x.raaderumTargetKr, x.raaderumTargetKr], colour: colours.light },
        ]} />
    </section>
  );
}

function Committees(props: { totals: Totals }) {
  const rows = props.totals.committees.filter((c) => c.shortfallKr > 0n || c.claimedKr > 0n);
  return (
    <section aria-labelledby="committees-heading">
      <h2 id="committees-heading">{t.overview.claimedPerCommittee}</h2>
      <BarChart id="chart-committees" label={`${t.overview.chartLabel}: ${t.overview.claimedPerCommittee}`} horizontal
        labels={rows.map((c) => c.displayName)}
        series={[
          { label: t.overview.shortfall, values: rows.map((c) => c.shortfallKr), colour: colours.light },
          { label: t.overview.claimed, values: rows.map((c) => c.claimedKr), colour: colours.primary },
        ]} />
      <div class="table-wrap">
        <table class="table table--compact" id="committee-table">
          <caption class="sr-only">{t.overview.claimedPerCommittee}</caption>
          <thead><tr><th scope="col">{t.catalogue.committee}</th><th scope="col" class="num">{t.overview.shortfall}</th>
            <th scope="col" class="num">{t.overview.claimed}</th><th scope="col" class="num">{t.overview.gap}</th></tr></thead>
          <tbody>
            {rows.map((c) => (
              <tr key={c.committee}>
                <th scope="row">{c.displayName}</th>
                <td class="num">{mio(c.shortfallKr)}</td>
                <td class="num">{mio(c.claimedKr)}</td>
                <td class="num">{c.remainingGapKr > 0n ? mio(c.remainingGapKr) : t.overview.covered}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Expansions(props: { totals: Totals }) {
  const rows = props.totals.committees.filter((c) => c.expansionFrameKr > 0n || c.costedExpansionsKr > 0n);
  if (!rows.length) return null;
  return (
    <section aria-labelledby="expansions-heading">
      <h2 id="expansions-heading">{t.overview.expansions}</h2>
      <div class="table-wrap">
        <table class="table table--compact">
          <caption class="sr-only">{t.overview.expansions}</caption>
          <thead><tr><th scope="col">{t.catalogue.committee}</th><th scope="col" class="num">{t.overview.expansionFrame}</th>
            <th scope="col" class="num">{t.overview.expansionCost}</th><th scope="col"><span class="sr-only">{t.overview.overFrame}</span></th></tr></thead>
          <tbody>
            {rows.map((c) => (
              <tr key={c.committee}>
                <th scope="row">{c.displayName}</th>
                <td class="num">{mio(c.expansionFrameKr)}</td>
                <td class="num">{mio(c.costedExpansionsKr)}</td>
                <td>{c.expansionsOverFrame && <span class="badge badge-warning">{t.overview.overFrame}</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** The milestones on a time axis: planned (ring), reached (dot), and today's line. */
function Timeline(props: { round: Round; now: Date }) {
  const ms = props.round.milestones.filter((m) => m.plannedAt);
  if (!ms.length) return null;
  const times = ms.flatMap((m) => [timestampDate(m.plannedAt!).getTime(), ...(m.reachedAt ? [timestampDate(m.reachedAt).getTime()] : [])]);
  const start = Math.min(...times, props.now.getTime());
  const end = Math.max(...times, props.now.getTime());
  const left = 300, width = 600, row = 22, top = 30;
  const x = (ms: number) => left + ((ms - start) / Math.max(1, end - start)) * width;
  const height = top + ms.length * row + 10;
  const nowX = x(props.now.getTime());
  return (
    <svg viewBox={`0 0 ${left + width + 20} ${height}`} role="img" aria-labelledby="timeline-heading">
      <line class="axis" x1={left} x2={left + width} y1={top - 10} y2={top - 10} />
      <text x={left} y={14}>{day(new Date(start))}</text>
      <text x={left + width} y={14} text-anchor="end">{day(new Date(end))}</text>
      {ms.map((m, i) => {
        const y = top + i * row + 8;
        return (
          <g key={m.kind}>
            <text x={left - 10} y={y + 4} text-anchor="end">{t.milestones[m.kind]}</text>
            <circle class="planned" cx={x(timestampDate(m.plannedAt!).getTime())} cy={y} r={6} />
            {m.reachedAt && <circle class="reached" cx={x(timestampDate(m.reachedAt).getTime())} cy={y} r={4} />}
          </g>
        );
      })}
      <line class="today" x1={nowX} x2={nowX} y1={top - 16} y2={height} />
      <text x={nowX + 4} y={top - 2} fill="#cc0000">{t.overview.today}</text>
    </svg>
  );
}

function TimelineSection(props: { round: Round; now: Date }) {
  const r = props.round;
  const open = r.gates.filter((g) => g.open);
  const next = r.milestones
    .filter((m) => m.plannedAt && timestampDate(m.plannedAt) > props.now)
    .sort((a, b) => timestampDate(a.plannedAt!).getTime() - timestampDate(b.plannedAt!).getTime())[0];
  return (
    <section aria-labelledby="timeline-heading" class="timeline">
      <h2 id="timeline-heading">{t.overview.timeline}</h2>
      <h3>{t.overview.openNow}</h3>
      {open.length ? (
        <ul id="open-gates">{open.map((g) => <li key={g.gate}><strong>{t.gates[g.gate]}</strong>{` — ${g.explanation}`}</li>)}</ul>
      ) : <p id="open-gates">{r.adoption ? t.overview.adopted : t.overview.noneOpen}</p>}
      {next && <p id="next-deadline"><strong>{`${t.overview.closesNext}: `}</strong>{`${t.milestones[next.kind]}, ${day(next.plannedAt)}`}</p>}
      <Timeline round={r} now={props.now} />
      <div class="table-wrap">
        <table class="table table--compact" id="milestone-table">
          <caption class="sr-only">{t.overview.timeline}</caption>
          <thead><tr><th scope="col">{t.overview.timeline}</th><th scope="col">{t.overview.planned}</th><th scope="col">{t.overview.reached}</th></tr></thead>
          <tbody>
            {r.milestones.map((m) => (
              <tr key={m.kind}><th scope="row">{t.milestones[m.kind]}</th><td>{day(m.plannedAt)}</td><td>{day(m.reachedAt)}</td></tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** The readings (004 §4): what each decided, the budget agreement the 2nd reading adopted, and the votes. */
function Readings(props: { round: Round }) {
  const readings = props.round.readings;
  if (!readings.length) return null;
  return (
    <section aria-labelledby="readings-heading">
      <h2 id="readings-heading">{t.overview.readings}</h2>
      <div class="table-wrap">
        <table class="table table--compact" id="readings" aria-labelledby="readings-heading">
          <thead><tr><th scope="col">{t.overview.reading}</th><th scope="col">{t.overview.date}</th><th scope="col">{t.overview.outcome}</th><th scope="col" class="num">{t.overview.amendments}</th></tr></thead>
          <tbody>{readings.map((r) => (
            <tr key={r.kind}><th scope="row">{t.readingKinds[r.kind]}</th><td>{calendarDay(r.date)}</td><td class="pre">{r.outcome}</td><td class="num">{r.amendments.length}</td></tr>))}
          </tbody>
        </table>
      </div>
      {readings.filter((r) => r.agreement).map((r) => (
        <div key={`agreement-${r.kind}`} class="agreement">
          <h3>{`${t.overview.agreement(r.agreement!.parties.join(', '))} (${t.readingKinds[r.kind]})`}</h3>
          <p class="pre">{r.agreement!.text}</p>
        </div>
      ))}
      {readings.filter((r) => r.votes.length).map((r) => (
        <div key={`votes-${r.kind}`} class="table-wrap">
          <h3 id={`votes-heading-${r.kind}`}>{`${t.overview.votes}: ${t.readingKinds[r.kind]}`}</h3>
          <table class="table table--compact votes" aria-labelledby={`votes-heading-${r.kind}`}>
            <thead><tr><th scope="col">{t.overview.party}</th><th scope="col">{t.overview.vote}</th></tr></thead>
            <tbody>{r.votes.map((v) => <tr key={v.party}><th scope="row">{v.party}</th><td>{t.votes[v.vote]}</td></tr>)}</tbody>
          </table>
        </div>
      ))}
    </section>
  );
}

export function OverviewPage() {
  const { round, summary } = useApp();
  if (!round || !summary) return <Loading />;
  const totals = summary.fullImplementation!;
  // The server's clock (a demo clock may stand anywhere): the summary's as_of.
  const now = summary.asOf ? timestampDate(summary.asOf) : new Date();
  return (
    <>
      <h1>{`${t.overview.heading} ${round.budgetYear}`}</h1>
      <p class="font-lead">
        {`${round.municipality}: ${summary.proposalCount - summary.withdrawnCount} ${t.overview.proposals}` +
          (summary.withdrawnCount ? ` (${summary.withdrawnCount} ${t.overview.withdrawn})` : '')}
      </p>
      <Targets totals={totals} round={round} />
      <Committees totals={totals} />
      <Expansions totals={totals} />
      <TimelineSection round={round} now={now} />
      <Readings round={round} />
    </>
  );
}
