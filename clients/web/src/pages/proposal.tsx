// Everything about one proposal, its role actions, and its history.
import { useState } from 'preact/hooks';
import { MeetingKind } from '../../gen/budget/v1/hearing_pb';
import type { Proposal } from '../../gen/budget/v1/proposal_pb';
import { ProposalStage, ProposalStatus } from '../../gen/budget/v1/proposal_pb';
import { api, proposalHistory } from '../api';
import { ProposalActions, useAction } from '../actions';
import { ActionButton, Alert, Loading, RefusalSummary, Select, TextArea } from '../components';
import { calendarDay, dateTime, day, fte, kr, shortName } from '../format';
import { has, Role, useApp, useAsync } from '../state';
import { t } from '../texts';
import { History } from './history';
import { ProposalForm } from './proposal-form';

/** The council's questions (rule 9) and the administration's answers, with the forms for both. */
function Questions(props: { proposal: Proposal; onChanged: () => void }) {
  const { me, round } = useApp();
  const p = props.proposal;
  const ask = useAction();
  const answer = useAction();
  const [text, setText] = useState('');
  const [meeting, setMeeting] = useState('');
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const meetings = useAsync(async () => (round && has(me, Role.COUNCIL) ? (await api.meetings.listMeetings({ round: round.name })).meetings : []), [round?.name]);
  const themes = (meetings.data ?? []).filter((m) => m.kind === MeetingKind.MEETING_THEME_NOVEMBER || m.kind === MeetingKind.MEETING_THEME_FEBRUARY);
  const mayAnswer = has(me, Role.CASE_WORKER, Role.COORDINATOR);
  return (
    <section aria-labelledby="questions-heading">
      <h2 id="questions-heading">{t.proposal.questions}</h2>
      <RefusalSummary refusal={answer.error} />
      {!p.questions.length ? <p>{t.proposal.noQuestions}</p> : (
        <ul class="nobullet-list">
          {p.questions.map((q) => (
            <li key={q.name} class="mb-4">
              <p class="mb-1"><strong>{`${t.proposal.question} (${q.askedBy}, ${day(q.askTime)}): `}</strong>{q.text}</p>
              {q.answer ? <p>{`${t.proposal.answer} (${q.answeredBy}): `}{q.answer}</p> : mayAnswer ? (
                <div class="actions">
                  <TextArea id={`answer-${shortName(q.name)}`} label={t.proposal.answerIt} rows={2} value={answers[q.name] ?? ''}
                    onInput={(v) => setAnswers({ ...answers, [q.name]: v })} />
                  <ActionButton onClick={async () => { if (await answer.run({ question: q.name, answer: answers[q.name] ?? '' }, (r) => api.meetings.answerQuestion(r), t.proposal.answered)) props.onChanged(); }}>
                    {t.proposal.answerIt}</ActionButton>
                </div>
              ) : <p>{t.proposal.unanswered}</p>}
            </li>
          ))}
        </ul>
      )}
      {has(me, Role.COUNCIL) && themes.length > 0 && (
        <div class="mb-5">
          <h3>{t.proposal.ask}</h3>
          <RefusalSummary refusal={ask.error} />
          {ask.done && <Alert variant="success">{ask.done}</Alert>}
          <Select id="ask-meeting" label={t.proposal.askAt} value={meeting} onChange={setMeeting}
            options={[['', '–'], ...themes.map((m) => [m.name, `${t.meetings[m.kind]}, ${calendarDay(m.date)}`] as [string, string])]} />
          <TextArea id="ask-text" label={t.proposal.question} value={text} onInput={setText} rows={2} />
          <ActionButton onClick={async () => { if (await ask.run({ proposal: p.name, meeting, text }, (r) => api.meetings.askQuestion(r), t.proposal.asked)) props.onChanged(); }}>
            {t.proposal.send}</ActionButton>
        </div>
      )}
    </section>
  );
}

export function ProposalPage(props: { id: string }) {
  const { round, me, tick } = useApp();
  const [version, setVersion] = useState(0);
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState<string>();
  const [reason, setReason] = useState('');
  const withdraw = useAction();
  const name = round ? `${round.name}/proposals/${props.id}` : '';
  const data = useAsync(async () => {
    if (!name) return undefined;
    const [proposal, history, hearings] = await Promise.all([
      api.proposals.getProposal({ name }), proposalHistory(name),
      api.hearings.listHearings({ round: round!.name, proposal: name, pageSize: 100 })]);
    return { proposal, history, hearings: hearings.hearings };
  }, [name, tick, version]);
  if (!round) return <Loading />;
  if (data.error) return <><h1>{props.id}</h1><RefusalSummary refusal={data.error} /></>;
  if (!data.data) return <Loading />;
  const { proposal: p, history, hearings } = data.data;
  const c = p.content!;
  const names = new Map<string, string>([...round.committees, ...round.centres, ...round.workplaces].map((x) => [x.name, x.displayName]));
  const label = (n: string) => names.get(n) ?? n;
  const mayEdit = has(me, Role.CASE_WORKER, Role.COORDINATOR, Role.HMU) && p.status !== ProposalStatus.PROPOSAL_WITHDRAWN;
  const reload = () => setVersion((v) => v + 1);
  const notHeard = p.notHeard && p.notHeard.workplaces.length > 0 ? p.notHeard : undefined;
  const stage = [t.stages[p.stage],
    p.ready && t.proposal.readyBy(t.approvers[p.ready.capacity] ?? '', p.ready.approvedBy, day(p.ready.approveTime)),
    p.publishTime && t.proposal.publishedOn(day(p.publishTime))].filter(Boolean).join(', ');
  return (
    <>
      <h1 id="proposal-title">{`${shortName(p.name)}: ${c.title}`}</h1>
      <p class="font-lead">
        <span class="badge badge-info" id="proposal-status">{t.status[p.status]}</span>
        {p.stage === ProposalStage.PROPOSAL_DRAFT && <> <span class="badge">{t.stages[p.stage]}</span></>}
        {p.crossCutting && <> <span class="badge">{t.catalogue.crossCutting}</span></>}
        {notHeard && <> <span class="badge badge-warning">{t.proposal.notHeardBadge}</span></>}
        {` ${t.proposal.version} ${p.version} · ${t.proposal.submittedBy} ${p.submittedBy} · ${dateTime(p.createTime)}`}
      </p>
      {saved && <Alert variant="success">{saved}</Alert>}
      <ProposalActions proposal={p} onChanged={reload} />
      {mayEdit && (
        <div class="mb-5">
          {!editing ? (
            <button type="button" class="button button-secondary" id="edit" onClick={() => { setEditing(true); setSaved(undefined); }}>{t.form.amendHeading}</button>
          ) : (
            <section aria-labelledby="amend-heading">
              <h2 id="amend-heading">{t.form.amendHeading}</h2>
              <ProposalForm round={round} proposal={p} onDone={() => { setEditing(false); setSaved(t.form.amended); reload(); }} />
            </section>
          )}
        </div>
      )}
      <section aria-labelledby="content-heading">
        <h2 id="content-heading">{t.proposal.content}</h2>
        <p class="pre" id="proposal-description">{c.description}</p>
        <dl>
          <dt>{t.catalogue.category}</dt><dd>{t.categories[c.category]}</dd>
          <dt>{t.proposal.full}</dt><dd id="proposal-full">{kr(c.fullImplementationKr)}</dd>
          <dt>{t.proposal.start}</dt><dd>{calendarDay(c.implementationStart)}</dd>
          <dt>{t.proposal.fte}</dt><dd>{fte(c.staffReductionFteHundredths)}</dd>
          <dt>{t.catalogue.submitter}</dt><dd>{t.submitters[c.submitterKind]}</dd>
        </dl>
        <table class="table table--compact" id="effects">
          <caption>{t.proposal.effects}</caption>
          <thead><tr><th scope="col">{t.proposal.year}</th><th scope="col" class="num">{t.proposal.amount}</th></tr></thead>
          <tbody>{c.effects.map((e) => <tr key={e.year}><th scope="row">{e.year}</th><td class="num">{kr(e.amountKr)}</td></tr>)}</tbody>
        </table>
        <h3>{t.proposal.citizens}</h3><p class="pre">{c.citizenConsequences}</p>
        <h3>{t.proposal.staff}</h3><p class="pre">{c.staffConsequences}</p>
      </section>
      <section aria-labelledby="org-heading">
        <h2 id="org-heading">{t.proposal.organisation}</h2>
        <dl>
          <dt>{t.proposal.committees}</dt><dd>{c.committees.map(label).join(', ')}</dd>
          <dt>{t.proposal.centres}</dt><dd>{c.centres.map(label).join(', ') || '–'}</dd>
          <dt>{t.proposal.workplaces}</dt><dd>{c.workplaces.map(label).join(', ') || '–'}</dd>
        </dl>
      </section>
      <section aria-labelledby="state-heading">
        <h2 id="state-heading">{t.proposal.state}</h2>
        <dl id="proposal-state">
          <dt>{t.proposal.stage}</dt><dd id="proposal-stage">{stage}</dd>
          <dt>{t.proposal.claimedBy}</dt><dd id="claimed-by">{p.claim ? `${label(p.claim.committee)} (${p.claim.claimedBy}, ${day(p.claim.claimedAt)})` : '–'}</dd>
          <dt>{t.proposal.inPool}</dt><dd>{p.inPool ? t.proposal.yes : t.proposal.no}</dd>
          <dt>{t.proposal.selected}</dt><dd>{p.selected ? t.proposal.yes : t.proposal.no}</dd>
          {notHeard && <><dt>{t.proposal.notHeard}</dt><dd id="not-heard">{t.proposal.notHeardText(notHeard.workplaces.map(label).join(', '), notHeard.reason)}</dd></>}
          {p.decision && <><dt>{t.proposal.decision}</dt><dd>{`${p.decision.decision === 1 ? t.status[5] : t.status[6]}, ${calendarDay(p.decision.meetingDate)}`}</dd></>}
          {p.withdrawalReason && <><dt>{t.proposal.withdrawn}</dt><dd>{p.withdrawalReason}</dd></>}
        </dl>
      </section>
      {mayEdit && (
        <section aria-labelledby="withdraw-heading" class="mb-5">
          <h2 id="withdraw-heading">{t.form.withdrawHeading}</h2>
          <RefusalSummary refusal={withdraw.error} fields={{ reason: 'withdraw-reason' }} />
          {withdraw.done && <Alert variant="success">{withdraw.done}</Alert>}
          <TextArea id="withdraw-reason" label={t.form.reason} value={reason} onInput={setReason} rows={2}
            error={withdraw.error?.fields.find((f) => f.field === 'reason')?.description} />
          <ActionButton variant="warning" onClick={async () => { if (await withdraw.run({ name: p.name, reason }, (r) => api.proposals.withdrawProposal(r), t.form.withdrawn)) reload(); }}>
            {t.form.withdraw}</ActionButton>
        </section>
      )}
      <section aria-labelledby="hearings-heading">
        <h2 id="hearings-heading">{t.proposal.hearings}</h2>
        {!p.hearingStatus.length ? <p>{t.proposal.noHearings}</p> : (
          <table class="table table--compact" id="hearing-status">
            <caption class="sr-only">{t.proposal.hearings}</caption>
            <thead><tr><th scope="col">{t.hearings.body}</th><th scope="col">{t.hearings.state}</th><th scope="col">{t.hearings.stance}</th><th scope="col">{t.hearings.text}</th></tr></thead>
            <tbody>
              {p.hearingStatus.map((s) => {
                const response = hearings.find((h) => h.name === s.hearing)?.responses.find((r) => r.body === s.body && r.proposal === p.name);
                const latest = response?.versions[response.versions.length - 1];
                return (
                  <tr key={`${s.hearing}-${s.body}`}>
                    <th scope="row">{hearings.find((h) => h.name === s.hearing)?.bodies.find((b) => b.name === s.body)?.displayName ?? label(s.body)}</th>
                    <td>{t.bodyStates[s.state]}</td>
                    <td>{s.stance ? t.stances[s.stance] : ''}</td>
                    <td class="pre">{latest?.text ?? ''}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
      <Questions proposal={p} onChanged={reload} />
      <History history={history} />
    </>
  );
}
