// Buttons for the role actions on one proposal (claim, release, select,
// deselect): offered to the roles that may take them; the server still
// decides, and a refusal is shown with the rule that refused.
import { useRef, useState } from 'preact/hooks';
import type { Proposal } from '../gen/budget/v1/proposal_pb';
import { ApproverCapacity, ProposalStage, ProposalStatus } from '../gen/budget/v1/proposal_pb';
import { api, refusal, RequestIds, type Refusal } from './api';
import { ActionButton, RefusalSummary, Select } from './components';
import { shortName } from './format';
import { workplacesHeard } from './rules';
import { has, Role, useApp } from './state';
import { t } from './texts';

export function committeeName(round: string, committee: string): string {
  return committee.includes('/') ? committee : `${round}/committees/${committee}`;
}

/** Runs one mutation with a request id per attempt; reports success or the refusal. */
export function useAction() {
  const ids = useRef(new RequestIds());
  const [error, setError] = useState<Refusal>();
  const [done, setDone] = useState<string>();
  const { refresh } = useApp();
  async function run<T>(request: T, call: (r: T & { requestId: string }) => Promise<unknown>, success: string) {
    setError(undefined);
    setDone(undefined);
    try {
      await call({ ...request, requestId: ids.current.for(request) });
      ids.current.done();
      setDone(success);
      refresh();
      return true;
    } catch (e) {
      setError(refusal(e));
      return false;
    }
  }
  return { run, error, done };
}

export function ProposalActions(props: { proposal: Proposal; onChanged: () => void }) {
  const { me, round } = useApp();
  const p = props.proposal;
  const { run, error, done } = useAction();
  const [reason, setReason] = useState('');
  const [capacity, setCapacity] = useState(String(ApproverCapacity.APPROVER_STEERING_GROUP));
  const [centre, setCentre] = useState(props.proposal.content?.centres[0] ?? '');
  if (!round) return null;
  const mine = me.committee && committeeName(round.name, me.committee);
  const buttons = [];
  if (has(me, Role.COMMITTEE) && mine) {
    if (p.status === ProposalStatus.PROPOSAL_SUBMITTED && p.content?.committees.includes(mine)) {
      const refusedBy = p.crossCutting ? t.committee.crossCuttingRule : !workplacesHeard(p) ? t.committee.notHeardRule : undefined;
      if (refusedBy) buttons.push(<span key="claim" class="form-hint claim-rule">{refusedBy}</span>);
      else buttons.push(<ActionButton key="claim" label={`${t.committee.claim} ${shortName(p.name)}`}
        onClick={async () => { if (await run({ proposal: p.name, committee: mine }, (r) => api.committees.claimProposal(r), t.committee.claimedOk)) props.onChanged(); }}>
        {t.committee.claim}</ActionButton>);
    }
    if (p.status === ProposalStatus.PROPOSAL_CLAIMED && p.claim?.committee === mine) {
      buttons.push(
        <span key="release" class="actions">
          <label class="form-label sr-only" for={`release-${shortName(p.name)}`}>{t.committee.reason}</label>
          <input class="form-input" id={`release-${shortName(p.name)}`} value={reason} placeholder={t.committee.reason}
            onInput={(e) => setReason((e.target as HTMLInputElement).value)} />
          <ActionButton variant="secondary" label={`${t.committee.release} ${shortName(p.name)}`}
            onClick={async () => { if (await run({ proposal: p.name, reason }, (r) => api.committees.releaseClaim(r), t.committee.releasedOk)) props.onChanged(); }}>
            {t.committee.release}</ActionButton>
        </span>);
    }
  }
  // ØK selects until it recommends the selection to Byrådet.
  if (has(me, Role.FINANCE_COMMITTEE) && !round.selectionRecommendation) {
    if (p.status === ProposalStatus.PROPOSAL_IN_POOL) {
      buttons.push(<ActionButton key="select" label={`${t.council.select} ${shortName(p.name)}`}
        onClick={async () => { if (await run({ proposal: p.name }, (r) => api.council.selectFromPool(r), t.council.selected)) props.onChanged(); }}>
        {t.council.select}</ActionButton>);
    }
    if (p.status === ProposalStatus.PROPOSAL_SELECTED) {
      buttons.push(<ActionButton key="deselect" variant="secondary" label={`${t.council.deselect} ${shortName(p.name)}`}
        onClick={async () => { if (await run({ proposal: p.name }, (r) => api.council.deselectFromPool(r), t.council.deselected)) props.onChanged(); }}>
        {t.council.deselect}</ActionButton>);
    }
  }
  // 004: the administration finishes the catalogue; a centre head or the
  // steering group approves each proposal for it (issue 20 §2).
  if (has(me, Role.COORDINATOR) && p.stage === ProposalStage.PROPOSAL_DRAFT && p.status !== ProposalStatus.PROPOSAL_WITHDRAWN) {
    const centres = p.content?.centres ?? [];
    const capacities = Object.entries(t.approvers).filter(([k]) => Number(k) === ApproverCapacity.APPROVER_STEERING_GROUP || centres.length > 0);
    buttons.push(
      <span key="ready" class="actions">
        <Select id="ready-capacity" label={t.proposal.approver} value={capacity} onChange={setCapacity} options={capacities} />
        {Number(capacity) === ApproverCapacity.APPROVER_CENTRE_HEAD && (
          <Select id="ready-centre" label={t.proposal.centre} value={centre} onChange={setCentre}
            options={centres.map((c) => [c, round.centres.find((x) => x.name === c)?.displayName ?? c] as [string, string])} />)}
        <ActionButton label={`${t.proposal.markReady} ${shortName(p.name)}`}
          onClick={async () => {
            const centreHead = Number(capacity) === ApproverCapacity.APPROVER_CENTRE_HEAD;
            if (await run({ name: p.name, capacity: Number(capacity), centre: centreHead ? centre : '', expectedVersion: p.version },
              (r) => api.proposals.markProposalReady(r), t.proposal.markedReady)) props.onChanged();
          }}>{t.proposal.markReady}</ActionButton>
      </span>);
  }
  if (!buttons.length && !error) return null;
  return (
    <div class="proposal-actions">
      <RefusalSummary refusal={error} />
      {/* The row's status changes too; a short word is enough here. */}
      {done && <p class="action-done" role="status">{done}</p>}
      <div class="actions">{buttons}</div>
    </div>
  );
}
