// A standing committee's part (rules 2–4): its shortfall, what it claimed,
// the gap, and the proposals it may claim, with the claims deadline.
import { timestampDate } from '@bufbuild/protobuf/wkt';
import { MilestoneKind } from '../../gen/budget/v1/round_pb';
import { ProposalStatus } from '../../gen/budget/v1/proposal_pb';
import { api } from '../api';
import { committeeName } from '../actions';
import { Alert, Loading, RefusalSummary } from '../components';
import { day, mio } from '../format';
import { allProposals, ProposalList } from '../proposal-list';
import { workplacesHeard } from '../rules';
import { useApp, useAsync } from '../state';
import { t } from '../texts';

export function CommitteePage() {
  const { me, round, summary, tick, refresh } = useApp();
  const mine = round && me.committee ? committeeName(round.name, me.committee) : '';
  const data = useAsync(async () => mine ? allProposals((pageToken) =>
    api.proposals.listProposals({ parent: round!.name, committee: mine, pageSize: 1000, pageToken })) : [], [mine, tick]);
  if (!round || !summary) return <Loading />;
  if (!mine) return <><h1>{t.committee.heading}</h1><Alert variant="info">{t.committee.notCommittee}</Alert></>;
  const totals = summary.fullImplementation?.committees.find((c) => c.committee === mine);
  const deadline = round.milestones.find((m) => m.kind === MilestoneKind.MILESTONE_CLAIMS_DEADLINE)?.plannedAt;
  const now = summary.asOf ? timestampDate(summary.asOf) : new Date();
  const days = deadline ? Math.ceil((timestampDate(deadline).getTime() - now.getTime()) / 86_400_000) : undefined;
  const proposals = data.data ?? [];
  const claimable = proposals.filter((p) => p.status === ProposalStatus.PROPOSAL_SUBMITTED && !p.crossCutting && workplacesHeard(p));
  const claimed = proposals.filter((p) => p.status === ProposalStatus.PROPOSAL_CLAIMED && p.claim?.committee === mine);
  const others = proposals.filter((p) => !claimable.includes(p) && !claimed.includes(p) && p.status === ProposalStatus.PROPOSAL_SUBMITTED);
  return (
    <>
      <h1>{`${t.committee.heading}: ${totals?.displayName ?? me.committee}`}</h1>
      <ul class="figures">
        <li><span>{t.committee.shortfall}</span><span class="figure-value">{mio(totals?.shortfallKr ?? 0n)}</span></li>
        <li><span>{t.committee.claimed}</span><span class="figure-value" id="claimed-total">{mio(totals?.claimedKr ?? 0n)}</span></li>
        <li><span>{t.committee.gap}</span><span class="figure-value" id="gap">{mio(totals?.remainingGapKr ?? 0n)}</span></li>
        <li><span>{t.committee.deadline}</span><span class="figure-value">{day(deadline)}</span>
          <span class="figure-note" id="countdown">{days === undefined ? '' : days > 0 ? t.committee.countdown(days) : t.committee.passed}</span></li>
      </ul>
      <RefusalSummary refusal={data.error} />
      {!data.data ? <Loading /> : (
        <>
          <ProposalList id="claimable" heading={t.committee.mayClaim} proposals={claimable} onChanged={refresh} />
          <ProposalList id="claimed" heading={t.committee.claimedList} proposals={claimed} onChanged={refresh} />
          <ProposalList id="others" heading={t.committee.others} proposals={others} onChanged={refresh}
            extra={(p) => !workplacesHeard(p) ? <> <span class="badge badge-warning">{t.committee.notHeard}</span></> : null} />
        </>
      )}
    </>
  );
}
