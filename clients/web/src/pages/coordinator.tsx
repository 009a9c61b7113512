// The coordinator (CKO): opens a round from the template, keeps its
// organisation and timeline (reach a milestone, override a phase with a
// reason), opens hearings and records meetings.
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { useState } from 'preact/hooks';
import { BodyKind } from '../../gen/budget/v1/hearing_pb';
import { MilestoneKind, RoundTemplate } from '../../gen/budget/v1/round_pb';
import { api } from '../api';
import { useAction } from '../actions';
import { ActionButton, Alert, RefusalSummary, Select, TextArea, TextInput } from '../components';
import { day, parseKr } from '../format';
import { useApp } from '../state';
import { t } from '../texts';

// Milestones a political body's decision reaches (ØK's expansion process,
// Byrådet's approval); the server refuses to mark them (REACHED_BY_DECISION).
const REACHED_BY_DECISION = new Set([MilestoneKind.MILESTONE_EXPANSION_PROCESS_DECIDED, MilestoneKind.MILESTONE_SELECTION_APPROVED]);

function Result(props: { action: ReturnType<typeof useAction>; fields?: Record<string, string> }) {
  return (
    <>
      <RefusalSummary refusal={props.action.error} fields={props.fields} />
      {props.action.done && <Alert variant="success">{props.action.done}</Alert>}
    </>
  );
}

function CreateRound() {
  const [f, setF] = useState({ id: '', municipality: 'Næstved Kommune', year: String(new Date().getFullYear() + 1), catalogue: '110.000.000', raaderum: '45.000.000' });
  const action = useAction();
  const err = (k: string) => action.error?.fields.find((x) => x.field.startsWith(k))?.description;
  return (
    <section aria-labelledby="create-heading" class="mb-6">
      <h2 id="create-heading">{t.coordinator.createRound}</h2>
      <Result action={action} fields={{ round_id: 'round-id', municipality: 'round-municipality', budget_year: 'round-year' }} />
      <TextInput id="round-id" label={t.coordinator.roundId} value={f.id} onInput={(v) => setF({ ...f, id: v })} error={err('round_id')} />
      <TextInput id="round-municipality" label={t.coordinator.municipality} value={f.municipality} onInput={(v) => setF({ ...f, municipality: v })} error={err('municipality')} />
      <TextInput id="round-year" label={t.coordinator.budgetYear} inputMode="numeric" value={f.year} onInput={(v) => setF({ ...f, year: v })} error={err('budget_year')} />
      <TextInput id="round-catalogue" label={t.coordinator.catalogueTarget} inputMode="numeric" value={f.catalogue} onInput={(v) => setF({ ...f, catalogue: v })} error={err('targets.catalogue')} />
      <TextInput id="round-raaderum" label={t.coordinator.raaderumTarget} inputMode="numeric" value={f.raaderum} onInput={(v) => setF({ ...f, raaderum: v })} error={err('targets.raaderum')} />
      <ActionButton onClick={() => action.run({
        roundId: f.id.trim(), municipality: f.municipality, budgetYear: Number(f.year), template: RoundTemplate.STRATEGY_2024,
        targets: { catalogueTotalKr: parseKr(f.catalogue) ?? 0n, raaderumKr: parseKr(f.raaderum) ?? 0n, crossCuttingShareBp: 0, centreOwnShareBp: 0 },
      }, (r) => api.rounds.createRound(r), t.coordinator.created)}>{t.coordinator.create}</ActionButton>
    </section>
  );
}

function Organisation() {
  const { round } = useApp();
  const [f, setF] = useState({ id: '', name: '', frame: '0', shortfall: '0' });
  const action = useAction();
  if (!round) return null;
  return (
    <section aria-labelledby="org-heading" class="mb-6">
      <h2 id="org-heading">{t.coordinator.organisation}</h2>
      <table class="table table--compact">
        <caption>{t.coordinator.committees}</caption>
        <thead><tr><th scope="col">{t.coordinator.name}</th><th scope="col" class="num">{t.coordinator.frame}</th><th scope="col" class="num">{t.coordinator.shortfall}</th></tr></thead>
        <tbody>{round.committees.map((c) => <tr key={c.name}><th scope="row">{c.displayName}</th><td class="num">{String(c.operatingFrameKr)}</td><td class="num">{String(c.shortfallKr)}</td></tr>)}</tbody>
      </table>
      <p>{`${t.coordinator.centres}: ${round.centres.map((c) => c.displayName).join(', ') || '–'}`}</p>
      <p>{`${t.coordinator.workplaces}: ${round.workplaces.map((c) => c.displayName).join(', ') || '–'}`}</p>
      <h3>{t.coordinator.defineCommittee}</h3>
      <Result action={action} />
      <TextInput id="committee-id" label={t.coordinator.id} value={f.id} onInput={(v) => setF({ ...f, id: v })} />
      <TextInput id="committee-name" label={t.coordinator.name} value={f.name} onInput={(v) => setF({ ...f, name: v })} />
      <TextInput id="committee-frame" label={t.coordinator.frame} value={f.frame} onInput={(v) => setF({ ...f, frame: v })} />
      <TextInput id="committee-shortfall" label={t.coordinator.shortfall} value={f.shortfall} onInput={(v) => setF({ ...f, shortfall: v })} />
      <ActionButton onClick={() => action.run({
        parent: round.name, committeeId: f.id.trim(),
        committee: { name: '', displayName: f.name, operatingFrameKr: parseKr(f.frame) ?? 0n, shortfallKr: parseKr(f.shortfall) ?? 0n, expansionFrameKr: 0n },
      }, (r) => api.rounds.defineCommittee(r), t.coordinator.done)}>{t.coordinator.add}</ActionButton>
      <DefineUnit kind="centre" />
      <DefineUnit kind="workplace" />
    </section>
  );
}

/** A centre or a workplace: an id, a name, and the committee (and centre) it belongs to. */
function DefineUnit(props: { kind: 'centre' | 'workplace' }) {
  const { round } = useApp();
  const [f, setF] = useState({ id: '', name: '', committee: '', centre: '', budget: '0' });
  const action = useAction();
  if (!round) return null;
  const p = props.kind;
  const committees: [string, string][] = [['', '–'], ...round.committees.map((c) => [c.name, c.displayName] as [string, string])];
  return (
    <>
      <h3>{p === 'centre' ? t.coordinator.defineCentre : t.coordinator.defineWorkplace}</h3>
      <Result action={action} />
      <TextInput id={`${p}-id`} label={t.coordinator.id} value={f.id} onInput={(v) => setF({ ...f, id: v })} />
      <TextInput id={`${p}-name`} label={t.coordinator.name} value={f.name} onInput={(v) => setF({ ...f, name: v })} />
      <Select id={`${p}-committee`} label={t.catalogue.committee} value={f.committee} onChange={(v) => setF({ ...f, committee: v })} options={committees} />
      {p === 'centre'
        ? <TextInput id="centre-budget" label={t.coordinator.budget} value={f.budget} onInput={(v) => setF({ ...f, budget: v })} />
        : <Select id="workplace-centre" label={t.catalogue.centre} value={f.centre} onChange={(v) => setF({ ...f, centre: v })}
            options={[['', '–'], ...round.centres.map((c) => [c.name, c.displayName] as [string, string])]} />}
      <ActionButton onClick={() => p === 'centre'
        ? action.run({ parent: round.name, centreId: f.id.trim(), centre: { name: '', displayName: f.name, committee: f.committee, budgetKr: parseKr(f.budget) ?? 0n } },
          (r) => api.rounds.defineCentre(r), t.coordinator.done)
        : action.run({ parent: round.name, workplaceId: f.id.trim(), workplace: { name: '', displayName: f.name, committee: f.committee, centre: f.centre } },
          (r) => api.rounds.defineWorkplace(r), t.coordinator.done)}>{t.coordinator.add}</ActionButton>
    </>
  );
}

function Milestones() {
  const { round } = useApp();
  const reach = useAction();
  const override = useAction();
  const [gate, setGate] = useState('1');
  const [mode, setMode] = useState('2');
  const [reason, setReason] = useState('');
  if (!round) return null;
  return (
    <section aria-labelledby="ms-heading" class="mb-6">
      <h2 id="ms-heading">{t.coordinator.milestones}</h2>
      <Result action={reach} />
      <table class="table table--compact" id="coordinator-milestones">
        <caption class="sr-only">{t.coordinator.milestones}</caption>
        <thead><tr><th scope="col">{t.overview.timeline}</th><th scope="col">{t.overview.planned}</th><th scope="col">{t.overview.reached}</th><th scope="col"><span class="sr-only">{t.coordinator.reach}</span></th></tr></thead>
        <tbody>{round.milestones.map((m) => (
          <tr key={m.kind}>
            <th scope="row">{t.milestones[m.kind]}</th><td>{day(m.plannedAt)}</td><td>{day(m.reachedAt)}</td>
            <td>{!m.reachedAt && !REACHED_BY_DECISION.has(m.kind) && <ActionButton variant="secondary" label={`${t.coordinator.reach}: ${t.milestones[m.kind]}`}
              onClick={() => reach.run({ round: round.name, kind: m.kind }, (r) => api.rounds.reachMilestone(r), t.coordinator.done)}>{t.coordinator.reach}</ActionButton>}</td>
          </tr>))}
        </tbody>
      </table>
      <h3>{t.coordinator.override}</h3>
      <ul>{round.gates.map((g) => <li key={g.gate}>{`${t.gates[g.gate]}: ${g.open ? t.hearingStates[1] : t.hearingStates[3]} — `}{g.explanation}</li>)}</ul>
      <Result action={override} fields={{ reason: 'override-reason' }} />
      <Select id="override-gate" label={t.coordinator.override} value={gate} onChange={setGate} options={Object.entries(t.gates).filter(([k]) => k !== '0')} />
      <Select id="override-mode" label={t.coordinator.mode} value={mode} onChange={setMode} options={Object.entries(t.coordinator.modes)} />
      <TextArea id="override-reason" label={t.form.reason} value={reason} onInput={setReason} rows={2}
        error={override.error?.fields.find((x) => x.field === 'reason')?.description} />
      <ActionButton onClick={() => override.run({ round: round.name, gate: Number(gate), mode: Number(mode), reason },
        (r) => api.rounds.overrideGate(r), t.coordinator.done)}>{t.coordinator.override}</ActionButton>
    </section>
  );
}

function OpenHearing() {
  const { round } = useApp();
  const [f, setF] = useState({ title: '', deadline: '', proposals: '', hmu: true });
  const action = useAction();
  if (!round) return null;
  return (
    <section aria-labelledby="oh-heading" class="mb-6">
      <h2 id="oh-heading">{t.coordinator.openHearing}</h2>
      <Result action={action} />
      <TextInput id="hearing-title" label={t.coordinator.hearingTitle} value={f.title} onInput={(v) => setF({ ...f, title: v })} />
      <TextInput id="hearing-deadline" label={t.coordinator.hearingDeadline} type="date" value={f.deadline} onInput={(v) => setF({ ...f, deadline: v })} />
      <TextInput id="hearing-proposals" label={t.coordinator.hearingProposals} value={f.proposals} onInput={(v) => setF({ ...f, proposals: v })} wide />
      <div class="form-group-checkbox mb-4">
        <input class="form-checkbox" type="checkbox" id="hearing-hmu" checked={f.hmu} onChange={(e) => setF({ ...f, hmu: (e.target as HTMLInputElement).checked })} />
        <label for="hearing-hmu">{t.coordinator.includeHmu}</label>
      </div>
      <ActionButton onClick={() => action.run({
        round: round.name, title: f.title, spring: true,
        proposals: f.proposals.split(',').map((s) => s.trim()).filter(Boolean).map((id) => `${round.name}/proposals/${id}`),
        bodies: f.hmu ? [{ name: 'bodies/hmu', kind: BodyKind.BODY_HMU, displayName: 'HMU' }] : [],
        deadline: f.deadline ? timestampFromDate(new Date(`${f.deadline}T23:59:00`)) : undefined,
      }, (r) => api.hearings.openHearing(r), t.coordinator.done)}>{t.coordinator.open}</ActionButton>
    </section>
  );
}

function RecordMeeting() {
  const { round } = useApp();
  const [f, setF] = useState({ kind: '1', date: '', minutes: '' });
  const action = useAction();
  if (!round) return null;
  return (
    <section aria-labelledby="meeting-heading" class="mb-6">
      <h2 id="meeting-heading">{t.coordinator.meeting}</h2>
      <Result action={action} />
      <Select id="meeting-kind" label={t.coordinator.meetingKind} value={f.kind} onChange={(v) => setF({ ...f, kind: v })} options={Object.entries(t.meetings).filter(([k]) => k !== '0')} />
      <TextInput id="meeting-date-c" label={t.council.meetingDate} type="date" value={f.date} onInput={(v) => setF({ ...f, date: v })} />
      <TextArea id="meeting-minutes" label={t.coordinator.minutes} value={f.minutes} onInput={(v) => setF({ ...f, minutes: v })} />
      <ActionButton onClick={() => {
        const [year, month, d] = f.date.split('-').map(Number);
        return action.run({ round: round.name, kind: Number(f.kind), date: year ? { year, month, day: d } : undefined, participants: [], minutes: f.minutes, proposals: [] },
          (r) => api.meetings.recordMeeting(r), t.coordinator.done);
      }}>{t.coordinator.record}</ActionButton>
    </section>
  );
}

/** 004: the catalogue is published to citizens and employees once the administration has finished it. */
function PublishCatalogue() {
  const { round } = useApp();
  const action = useAction();
  if (!round) return null;
  return (
    <section aria-labelledby="publish-heading" class="mb-6">
      <h2 id="publish-heading">{t.coordinator.publish}</h2>
      <p>{t.coordinator.publishIntro}</p>
      <Result action={action} />
      <ActionButton onClick={() => action.run({ round: round.name }, (r) => api.proposals.publishCatalogue(r), t.coordinator.published)}>
        {t.coordinator.publish}</ActionButton>
    </section>
  );
}

export function CoordinatorPage() {
  return (
    <>
      <h1>{t.coordinator.heading}</h1>
      <CreateRound />
      <Organisation />
      <Milestones />
      <PublishCatalogue />
      <OpenHearing />
      <RecordMeeting />
    </>
  );
}
