// Submitting and amending a proposal. The checks here mirror the server's
// (services/domain/validate.cc) so most mistakes show before sending; the
// server's BadRequest field errors are shown beside the same fields. An
// amendment names the version it was based on: when someone else changed the
// proposal meanwhile (ABORTED), the form shows what changed and lets the user
// put their own changes on top of the new version.
import { create } from '@bufbuild/protobuf';
import { Code } from '@connectrpc/connect';
import { useRef, useState } from 'preact/hooks';
import type { FieldChange } from '../../gen/budget/v1/audit_service_pb';
import type { Proposal, ProposalContent } from '../../gen/budget/v1/proposal_pb';
import { ProposalContentSchema } from '../../gen/budget/v1/proposal_pb';
import type { Round } from '../../gen/budget/v1/round_pb';
import { api, proposalHistory, refusal, RequestIds, type Refusal } from '../api';
import { Alert, Checkboxes, fieldError, RefusalSummary, Select, TextArea, TextInput } from '../components';
import { fte, grouped, parseKr } from '../format';
import { t } from '../texts';
import { ChangesTable } from './history';

const MAX_AMOUNT = 1_000_000_000_000n;

interface Draft {
  title: string; description: string; category: string; committees: string[]; centres: string[]; workplaces: string[];
  effects: Record<number, string>; full: string; citizens: string; staff: string; fte: string; submitter: string; start: string;
}

function toDraft(c: ProposalContent | undefined, round: Round): Draft {
  const years = periodYears(round);
  return {
    title: c?.title ?? '', description: c?.description ?? '', category: String(c?.category ?? 0),
    committees: c?.committees ?? [], centres: c?.centres ?? [], workplaces: c?.workplaces ?? [],
    effects: Object.fromEntries(years.map((y) => [y, c ? grouped(c.effects.find((e) => e.year === y)?.amountKr ?? 0n) : ''])),
    full: c ? grouped(c.fullImplementationKr) : '', citizens: c?.citizenConsequences ?? '', staff: c?.staffConsequences ?? '',
    fte: c ? fte(c.staffReductionFteHundredths) : '0', submitter: String(c?.submitterKind || 1),
    start: c?.implementationStart ? `${c.implementationStart.year}-${String(c.implementationStart.month).padStart(2, '0')}-${String(c.implementationStart.day).padStart(2, '0')}` : `${round.budgetYear}-01-01`,
  };
}

export function periodYears(round: Round): number[] {
  return Array.from({ length: round.periodLastYear - round.periodFirstYear + 1 }, (_, i) => round.periodFirstYear + i);
}

/** The draft as ProposalContent, or the field errors the server would give. */
function toContent(d: Draft, round: Round): { content: ProposalContent; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const title = d.title.trim();
  if (!title) errors['content.title'] = t.form.required;
  else if ([...title].length > 200) errors['content.title'] = t.form.tooLong(200);
  for (const [k, v] of [['description', d.description], ['citizen_consequences', d.citizens], ['staff_consequences', d.staff]] as const) {
    if ([...v].length > 20000) errors[`content.${k}`] = t.form.tooLong(20000);
  }
  if (d.category === '0') errors['content.category'] = t.form.pickCategory;
  if (!d.committees.length) errors['content.committees'] = t.form.pickCommittee;
  const amount = (field: string, text: string) => {
    const v = parseKr(text || '0');
    if (v === undefined || v > MAX_AMOUNT) { errors[field] = t.form.amountRange; return 0n; }
    return v;
  };
  const effects = periodYears(round).map((year) => ({ year, amountKr: amount(`content.effects.${year}`, d.effects[year]) }));
  const full = amount('content.full_implementation_kr', d.full);
  const fteMatch = /^(\d{1,5})(?:,(\d{1,2}))?$/.exec(d.fte.trim() || '0');
  if (!fteMatch) errors['content.staff_reduction_fte_hundredths'] = t.form.amountRange;
  const hundredths = fteMatch ? BigInt(fteMatch[1]) * 100n + BigInt((fteMatch[2] ?? '0').padEnd(2, '0')) : 0n;
  const [y, m, dd] = d.start.split('-').map(Number);
  if (!y || !m || !dd) errors['content.implementation_start'] = t.form.required;
  const content = create(ProposalContentSchema, {
    title, description: d.description, category: Number(d.category), committees: d.committees, centres: d.centres,
    workplaces: d.workplaces, effects, fullImplementationKr: full, citizenConsequences: d.citizens, staffConsequences: d.staff,
    staffReductionFteHundredths: hundredths, submitterKind: Number(d.submitter),
    implementationStart: y ? { year: y, month: m, day: dd } : undefined,
  });
  return { content, errors };
}

const MASK_FIELDS: [keyof ProposalContent, string][] = [
  ['title', 'title'], ['description', 'description'], ['category', 'category'], ['committees', 'committees'],
  ['centres', 'centres'], ['workplaces', 'workplaces'], ['effects', 'effects'], ['fullImplementationKr', 'full_implementation_kr'],
  ['implementationStart', 'implementation_start'], ['citizenConsequences', 'citizen_consequences'],
  ['staffConsequences', 'staff_consequences'], ['staffReductionFteHundredths', 'staff_reduction_fte_hundredths'],
  ['submitterKind', 'submitter_kind'],
];

const same = (a: unknown, b: unknown) =>
  JSON.stringify(a, (_, v) => (typeof v === 'bigint' ? String(v) : v)) === JSON.stringify(b, (_, v) => (typeof v === 'bigint' ? String(v) : v));

/** The ProposalContent paths the user changed, against the version the form started from. */
function changedPaths(before: ProposalContent, after: ProposalContent): string[] {
  return MASK_FIELDS.filter(([k]) => !same(
    k === 'effects' ? before.effects.map((e) => [e.year, e.amountKr]) : k === 'implementationStart' ? [before.implementationStart?.year, before.implementationStart?.month, before.implementationStart?.day] : before[k],
    k === 'effects' ? after.effects.map((e) => [e.year, e.amountKr]) : k === 'implementationStart' ? [after.implementationStart?.year, after.implementationStart?.month, after.implementationStart?.day] : after[k],
  )).map(([, path]) => path);
}

export function ProposalForm(props: { round: Round; proposal?: Proposal; parentName?: string; onDone: (p?: Proposal) => void }) {
  const { round, proposal } = props;
  const [draft, setDraft] = useState<Draft>(() => toDraft(proposal?.content, round));
  const [base, setBase] = useState<Proposal | undefined>(proposal);
  const [local, setLocal] = useState<Record<string, string>>({});
  const [error, setError] = useState<Refusal>();
  const [stale, setStale] = useState<{ current: Proposal; changes: FieldChange[] }>();
  const [busy, setBusy] = useState(false);
  const ids = useRef(new RequestIds());
  const set = (patch: Partial<Draft>) => setDraft({ ...draft, ...patch });
  const prefix = proposal ? 'amend' : 'submit';
  const fid = (f: string) => `${prefix}-${f.replace(/^content\./, '').replace(/[._]/g, '-')}`;
  const fieldIds: Record<string, string> = Object.fromEntries(
    ['title', 'description', 'category', 'committees', 'centres', 'workplaces', 'full_implementation_kr', 'implementation_start',
      'citizen_consequences', 'staff_consequences', 'staff_reduction_fte_hundredths', 'submitter_kind', 'effects']
      .map((f) => [`content.${f}`, fid(`content.${f}`)]));
  const err = (f: string) => fieldError(error, f, local);

  async function send(on?: Proposal) {
    const { content, errors } = toContent(draft, round);
    setLocal(errors);
    setError(undefined);
    if (Object.keys(errors).length) {
      document.getElementById(fieldIds[Object.keys(errors)[0]] ?? fid(Object.keys(errors)[0]))?.focus();
      return;
    }
    setBusy(true);
    try {
      if (!proposal) {
        const request = { parent: round.name, content };
        const r = await api.proposals.submitProposal({ ...request, requestId: ids.current.for(request) });
        ids.current.done();
        props.onDone(r.resource.case === 'proposal' ? r.resource.value : undefined);
        return;
      }
      const target = on ?? base!;
      const paths = changedPaths(base!.content!, content);
      if (!paths.length) { props.onDone(target); return; }
      const request = { name: proposal.name, expectedVersion: target.version, content, updateMask: { paths } };
      const r = await api.proposals.amendProposal({ ...request, requestId: ids.current.for(request) });
      ids.current.done();
      setStale(undefined);
      props.onDone(r.resource.case === 'proposal' ? r.resource.value : undefined);
    } catch (e) {
      const r = refusal(e);
      if (r.code === Code.Aborted && proposal) {
        // Someone else amended it: show what changed since the version this form started from.
        const [current, history] = await Promise.all([
          api.proposals.getProposal({ name: proposal.name }), proposalHistory(proposal.name)]);
        const changes = history.versions.filter((v) => v.version > base!.version).flatMap((v) => v.changes);
        setStale({ current, changes });
      } else {
        setError(r);
      }
    } finally {
      setBusy(false);
    }
  }

  const options = (list: { name: string; displayName: string }[]) => list.map((x) => [x.name, x.displayName] as [string, string]);
  return (
    <form id={`${prefix}-form`} noValidate onSubmit={(e) => { e.preventDefault(); void send(); }}>
      {Object.keys(local).length > 0 && (
        <RefusalSummary fields={fieldIds} refusal={{
          code: Code.InvalidArgument, message: '', rules: [],
          fields: Object.entries(local).map(([field, description]) => ({ field, description })),
        }} />
      )}
      <RefusalSummary refusal={error} fields={fieldIds} />
      {stale && (
        <div class="alert alert-warning mb-5" role="alert" id="stale">
          <div class="alert-body">
            <p class="alert-heading" id="stale-heading">{t.form.staleHeading}</p>
            <p class="alert-text">{t.form.staleIntro}</p>
            <ChangesTable changes={stale.changes} labelledBy="stale-heading" />
            <button type="button" class="button button-primary" id="reapply" disabled={busy}
              onClick={() => { const cur = stale.current; setBase(cur); void send(cur); }}>{t.form.reapply}</button>
          </div>
        </div>
      )}
      <TextInput id={fid('content.title')} label={t.form.title} hint={t.form.titleHint} value={draft.title}
        onInput={(v) => set({ title: v })} error={err('content.title')} wide />
      <TextArea id={fid('content.description')} label={t.form.description} value={draft.description}
        onInput={(v) => set({ description: v })} error={err('content.description')} rows={6} />
      <Select id={fid('content.category')} label={t.form.category} value={draft.category} onChange={(v) => set({ category: v })}
        options={Object.entries(t.categories).map(([k, v]) => [k, k === '0' ? '–' : v])} error={err('content.category')} />
      <Checkboxes id={fid('content.committees')} legend={t.form.committees} options={options(round.committees)}
        selected={draft.committees} onChange={(v) => set({ committees: v })} error={err('content.committees')} />
      <Checkboxes id={fid('content.centres')} legend={t.form.centres} options={options(round.centres)}
        selected={draft.centres} onChange={(v) => set({ centres: v })} error={err('content.centres')} />
      <Checkboxes id={fid('content.workplaces')} legend={t.form.workplaces} options={options(round.workplaces)}
        selected={draft.workplaces} onChange={(v) => set({ workplaces: v })} error={err('content.workplaces')} />
      {periodYears(round).map((y) => (
        <TextInput key={y} id={`${prefix}-effect-${y}`} label={t.form.effect(y)} inputMode="numeric" value={draft.effects[y]}
          onInput={(v) => set({ effects: { ...draft.effects, [y]: v } })} error={err(`content.effects.${y}`) ?? (y === round.periodFirstYear ? err('content.effects') : undefined)} />
      ))}
      <TextInput id={fid('content.full_implementation_kr')} label={t.form.full} inputMode="numeric" value={draft.full}
        onInput={(v) => set({ full: v })} error={err('content.full_implementation_kr')} />
      <TextInput id={fid('content.implementation_start')} label={t.proposal.start} type="date" value={draft.start}
        onInput={(v) => set({ start: v })} error={err('content.implementation_start')} />
      <TextArea id={fid('content.citizen_consequences')} label={t.form.citizens} value={draft.citizens}
        onInput={(v) => set({ citizens: v })} error={err('content.citizen_consequences')} />
      <TextArea id={fid('content.staff_consequences')} label={t.form.staff} value={draft.staff}
        onInput={(v) => set({ staff: v })} error={err('content.staff_consequences')} />
      <TextInput id={fid('content.staff_reduction_fte_hundredths')} label={t.form.fte} value={draft.fte}
        onInput={(v) => set({ fte: v })} error={err('content.staff_reduction_fte_hundredths')} />
      <Select id={fid('content.submitter_kind')} label={t.form.submitter} value={draft.submitter} onChange={(v) => set({ submitter: v })}
        options={Object.entries(t.submitters).filter(([k]) => k !== '0')} error={err('content.submitter_kind')} />
      <button type="submit" class="button button-primary" id={`${prefix}-send`} disabled={busy}>{proposal ? t.form.amend : t.form.submit}</button>
      {busy && <Alert variant="info">{t.app.loading}</Alert>}
    </form>
  );
}
