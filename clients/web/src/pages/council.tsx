// ØK/Byrådet (rule 5): the pool, the selection's running total against the
// råderum target; ØK selects and recommends, Byrådet approves the
// recommendation (004 "ØK/byrådet udvælger og godkender"); expansions with
// their costs and Byrådet's decisions; the seminar's indicative ranking.
import type { Date as DateMsg } from '../../gen/budget/v1/common_pb';
import { Role } from '../../gen/budget/v1/common_pb';
import { useState } from 'preact/hooks';
import { ProposalStatus } from '../../gen/budget/v1/proposal_pb';
import { ExpansionStatus } from '../../gen/budget/v1/adoption_pb';
import { api } from '../api';
import { useAction } from '../actions';
import { ActionButton, Alert, Loading, RefusalSummary, TextInput } from '../components';
import { Corrections } from '../corrections';
import { calendarDay, day, mio, shortName } from '../format';
import { allProposals, ProposalList } from '../proposal-list';
import { has, useApp, useAsync } from '../state';
import { t } from '../texts';

// "2023-05-24" as the API's Date; undefined when empty.
function dateOf(text: string): DateMsg | undefined {
  const [year, month, day] = text.split('-').map(Number);
  return year ? { year, month, day } as DateMsg : undefined;
}

interface MeetingRequest { round: string; meetingDate?: DateMsg; agendaItem: string }

// A decision `role` takes at a meeting (ØK's recommendation, Byrådet's
// approval): its date and agenda item and the button that records it, or,
// for anyone else, that it is awaited.
function MeetingDecision(props: { role: Role; round: string; label: string; done: string; awaiting: string;
  call: (r: MeetingRequest & { requestId: string }) => Promise<unknown> }) {
  const { me } = useApp();
  const action = useAction();
  const [meeting, setMeeting] = useState('');
  const [agenda, setAgenda] = useState('');
  if (!has(me, props.role)) return <p id="awaiting">{props.awaiting}</p>;
  const fieldError = (name: string) => action.error?.fields.find((f) => f.field.startsWith(name))?.description;
  return (
    <>
      <RefusalSummary refusal={action.error} fields={{ meeting_date: 'meeting-date', agenda_item: 'agenda-item' }} />
      <TextInput id="meeting-date" label={t.council.meetingDate} type="date" value={meeting} onInput={setMeeting}
        error={fieldError('meeting_date')} />
      <TextInput id="agenda-item" label={t.council.agendaItem} value={agenda} onInput={setAgenda}
        error={fieldError('agenda_item')} />
      <ActionButton onClick={() => action.run({ round: props.round, meetingDate: dateOf(meeting), agendaItem: agenda },
        props.call, props.done)}>{props.label}</ActionButton>
    </>
  );
}

export function CouncilPage() {
  const { round, summary, tick, refresh, me } = useApp();
  const decide = useAction();
  const data = useAsync(async () => {
    if (!round) return undefined;
    const [proposals, expansions] = await Promise.all([
      allProposals((pageToken) => api.proposals.listProposals({ parent: round.name, pageSize: 1000, pageToken })),
      api.expansions.listExpansions({ round: round.name })]);
    return { proposals, expansions: expansions.expansions };
  }, [round?.name, tick]);
  if (!round || !summary) return <Loading />;
  const x = summary.fullImplementation!;
  const pool = (data.data?.proposals ?? []).filter((p) => p.inPool && p.status !== ProposalStatus.PROPOSAL_WITHDRAWN);
  const missing = x.raaderumTargetKr - x.selectedKr;
  const titles = new Map<string, string>([
    ...(data.data?.proposals ?? []).map((p) => [p.name, `${shortName(p.name)}: ${p.content?.title}`] as [string, string]),
    ...(data.data?.expansions ?? []).map((e) => [e.name, `${shortName(e.name)}: ${e.title}`] as [string, string])]);
  return (
    <>
      <h1>{t.council.heading}</h1>
      <ul class="figures" aria-live="polite">
        <li><span>{t.council.pool}</span><span class="figure-value">{mio(x.poolKr)}</span></li>
        <li><span>{t.council.running}</span><span class="figure-value" id="selected-total">{mio(x.selectedKr)}</span></li>
        <li><span>{t.council.target}</span><span class="figure-value">{mio(x.raaderumTargetKr)}</span>
          <span class="figure-note" id="target-status">{missing <= 0n ? t.council.reached : `${t.council.missing} ${mio(missing)}`}</span></li>
      </ul>
      <RefusalSummary refusal={data.error} />
      {!round.pool ? <Alert variant="info">{t.council.notFormed}</Alert> : !data.data ? <Loading /> : (
        <ProposalList id="pool" heading={t.council.pool} proposals={pool} onChanged={refresh} />
      )}
      <section aria-labelledby="approve-heading" class="mt-6">
        <h2 id="approve-heading">{t.council.recommendHeading}</h2>
        {round.selectionRecommendation && (
          <Alert variant="info" id="recommended">{`${t.council.recommendedOn} ${round.selectionRecommendation.proposals.length} ${t.council.proposals} ${calendarDay(round.selectionRecommendation.meetingDate)} (${round.selectionRecommendation.agendaItem}).`}</Alert>
        )}
        {round.selectionApproval ? (
          <Alert variant="success" id="approved">{`${t.council.approvedOn} ${calendarDay(round.selectionApproval.meetingDate)}${round.selectionApproval.agendaItem ? ` (${round.selectionApproval.agendaItem})` : ''}: ${round.selectionApproval.approvedCount} ${t.status[5].toLowerCase()}, ${round.selectionApproval.rejectedCount} ${t.status[6].toLowerCase()}`}</Alert>
        ) : round.pool && !round.selectionRecommendation ? (
          <MeetingDecision role={Role.FINANCE_COMMITTEE} round={round.name} label={t.council.recommend}
            done={t.council.recommended} awaiting={t.council.awaitingRecommendation}
            call={(r) => api.council.recommendSelection(r)} />
        ) : round.pool && (
          <MeetingDecision role={Role.COUNCIL} round={round.name} label={t.council.approve}
            done={t.council.approved} awaiting={t.council.awaitingApproval}
            call={(r) => api.council.approveSelection(r)} />
        )}
      </section>
      <section aria-labelledby="process-heading" class="mt-6">
        <h2 id="process-heading">{t.council.process}</h2>
        {!round.expansionProcess ? <p>{t.council.noProcess}</p> : (
          <dl id="expansion-process">
            <dt>{t.council.decidedAt}</dt>
            <dd>{`${calendarDay(round.expansionProcess.meetingDate)} (${round.expansionProcess.agendaItem})`}</dd>
            <dt>{t.council.cap}</dt>
            <dd>{round.expansionProcess.capKr > 0n ? mio(round.expansionProcess.capKr) : t.council.noCap}</dd>
            <dt>{t.council.frames}</dt>
            <dd><ul>{round.expansionProcess.frames.map((f) => (
              <li key={f.committee}>{`${round.committees.find((c) => c.name === f.committee)?.displayName ?? f.committee}: ${mio(f.frameKr)}`}</li>
            ))}</ul></dd>
            <dt>{t.council.topics}</dt>
            <dd>{round.expansionProcess.topics.join(', ')}</dd>
          </dl>
        )}
      </section>
      <section aria-labelledby="expansions-heading" class="mt-6">
        <h2 id="expansions-heading">{t.council.expansions}</h2>
        <RefusalSummary refusal={decide.error} />
        {!(data.data?.expansions ?? []).length ? <p>{t.council.noExpansions}</p> : <div class="table-wrap">
          <table class="table table--compact" id="expansions">
            <caption class="sr-only">{t.council.expansions}</caption>
            <thead><tr><th scope="col">{t.catalogue.title}</th><th scope="col">{t.catalogue.committee}</th><th scope="col" class="num">{t.council.cost}</th>
              <th scope="col">{t.council.decision}</th><th scope="col"><span class="sr-only">{t.council.decision}</span></th></tr></thead>
            <tbody>
              {(data.data?.expansions ?? []).map((e) => (
                <tr key={e.name}>
                  <td>{e.title}</td>
                  <td>{round.committees.find((c) => c.name === e.committee)?.displayName ?? e.committee}</td>
                  <td class="num">{e.status >= ExpansionStatus.EXPANSION_COSTED ? mio(e.fullImplementationKr) : '–'}</td>
                  <td>{t.expansionStatus[e.status]}{e.decisionReason ? `: ${e.decisionReason}` : ''}</td>
                  <td>{e.status === ExpansionStatus.EXPANSION_COSTED && has(me, Role.COUNCIL) && (
                    <span class="actions">
                      <ActionButton variant="secondary" label={`${t.status[5]} ${e.title}`} onClick={() => decide.run({ expansion: e.name, approve: true, reason: '' }, (r) => api.expansions.decideExpansion(r), t.expansionStatus[3])}>{t.status[5]}</ActionButton>
                      <ActionButton variant="tertiary" label={`${t.expansionStatus[4]} ${e.title}`} onClick={() => decide.run({ expansion: e.name, approve: false, reason: '' }, (r) => api.expansions.decideExpansion(r), t.expansionStatus[4])}>{t.expansionStatus[4]}</ActionButton>
                    </span>)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>}
      </section>
      <Corrections round={round} summary={summary} />
      <section aria-labelledby="ranking-heading" class="mt-6">
        <h2 id="ranking-heading">{t.council.ranking}</h2>
        {!round.indicativePriority ? <p>{t.council.noRanking}</p> : (
          <>
            <p>{`${round.indicativePriority.label} · ${round.indicativePriority.setBy}, ${day(round.indicativePriority.setTime)}`}</p>
            <ol id="ranking">{round.indicativePriority.ranking.map((n) => <li key={n}>{titles.get(n) ?? n}</li>)}</ol>
          </>
        )}
      </section>
    </>
  );
}
