// Hearings (rule 7) for HMU and the workplaces: the hearings that ask them,
// with deadlines, and a form to respond on each proposal; HMU's own
// proposals and dialogue meetings.
import { useState } from 'preact/hooks';
import type { Hearing } from '../../gen/budget/v1/hearing_pb';
import { HearingState, MeetingKind } from '../../gen/budget/v1/hearing_pb';
import { api } from '../api';
import { useAction } from '../actions';
import { ActionButton, Alert, Loading, RefusalSummary, Select, TextArea } from '../components';
import { calendarDay, dateTime, shortName } from '../format';
import { allProposals } from '../proposal-list';
import { href } from '../router';
import { has, Role, useApp, useAsync } from '../state';
import { t } from '../texts';

function ResponseForm(props: { hearing: Hearing; proposal: string; body: string; title: string }) {
  const existing = props.hearing.responses.find((r) => r.body === props.body && r.proposal === props.proposal);
  const latest = existing?.versions[existing.versions.length - 1];
  const [text, setText] = useState(latest?.text ?? '');
  const [stance, setStance] = useState(String(latest?.stance ?? 1));
  const action = useAction();
  const id = `${shortName(props.hearing.name)}-${shortName(props.proposal)}`;
  const open = props.hearing.state === HearingState.HEARING_OPEN;
  return (
    <form class="mb-5 response-form" id={`respond-${id}`} onSubmit={(e) => e.preventDefault()}>
      <h4>{props.title}</h4>
      <RefusalSummary refusal={action.error} fields={{ text: `text-${id}`, stance: `stance-${id}` }} />
      {action.done && <Alert variant="success">{action.done}</Alert>}
      {open ? (
        <>
          <Select id={`stance-${id}`} label={t.hearings.stance} value={stance} onChange={setStance}
            options={Object.entries(t.stances).filter(([k]) => k !== '0')} />
          <TextArea id={`text-${id}`} label={t.hearings.text} value={text} onInput={setText}
            error={action.error?.fields.find((f) => f.field === 'text')?.description} />
          <ActionButton onClick={() => action.run(
            { hearing: props.hearing.name, proposal: props.proposal, body: props.body, text, stance: Number(stance), attachments: [] },
            (r) => (existing ? api.hearings.amendResponse(r) : api.hearings.submitResponse(r)), t.hearings.sent)}>
            {existing ? t.hearings.amend : t.hearings.send}</ActionButton>
        </>
      ) : <p class="pre">{latest ? `${t.stances[latest.stance]}: ${latest.text}` : t.hearingStates[props.hearing.state]}</p>}
    </form>
  );
}

export function HearingsPage() {
  const { me, round, tick } = useApp();
  const data = useAsync(async () => {
    if (!round) return undefined;
    const [hearings, meetings, proposals] = await Promise.all([
      api.hearings.listHearings({ round: round.name, pageSize: 1000 }), api.meetings.listMeetings({ round: round.name }),
      allProposals((pageToken) => api.proposals.listProposals({ parent: round.name, pageSize: 1000, pageToken }))]);
    return { hearings: hearings.hearings, meetings: meetings.meetings, proposals };
  }, [round?.name, tick]);
  if (!round) return <Loading />;
  if (data.error) return <><h1>{t.hearings.heading}</h1><RefusalSummary refusal={data.error} /></>;
  if (!data.data) return <Loading />;
  const body = has(me, Role.HMU) ? 'bodies/hmu' : me.body;
  const titles = new Map(data.data.proposals.map((p) => [p.name, `${shortName(p.name)}: ${p.content?.title}`]));
  const mine = data.data.hearings.filter((h) => body && h.bodies.some((b) => b.name === body));
  const shown = has(me, Role.COORDINATOR) ? data.data.hearings : mine;
  return (
    <>
      <h1>{body ? t.hearings.mine : t.hearings.heading}</h1>
      {!shown.length && <p>{t.hearings.none}</p>}
      {shown.map((h) => (
        <section key={h.name} class="mb-6 hearing" aria-labelledby={`h-${shortName(h.name)}`}>
          <h2 id={`h-${shortName(h.name)}`}>{h.title}</h2>
          <p>{`${t.hearings.deadline}: ${dateTime(h.deadline)} · ${t.hearings.state}: ${t.hearingStates[h.state]} · ${h.proposals.length} ${t.overview.proposals}`}</p>
          {body && h.bodies.some((b) => b.name === body) && h.proposals
            .filter((p) => body.startsWith('bodies/') || data.data!.proposals.find((x) => x.name === p)?.content?.workplaces.includes(body))
            .map((p) => <ResponseForm key={p} hearing={h} proposal={p} body={body} title={titles.get(p) ?? p} />)}
          {!body && <p>{`${t.hearings.bodies}: ${h.bodies.map((b) => b.displayName || b.name).join(', ')}`}</p>}
        </section>
      ))}
      {has(me, Role.HMU) && (
        <>
          <h2>{t.hearings.hmuProposals}</h2>
          <ul id="hmu-proposals">{data.data.proposals.filter((p) => p.submittedBy === 'bodies/hmu').map((p) => (
            <li key={p.name}><a href={href('forslag', shortName(p.name))}>{titles.get(p.name)}</a>{` (${t.status[p.status]})`}</li>))}</ul>
          <h2>{t.hearings.meetings}</h2>
          <ul>{data.data.meetings.filter((m) => m.kind === MeetingKind.MEETING_HMU_DIALOGUE_APRIL || m.kind === MeetingKind.MEETING_HMU_DIALOGUE_AUGUST).map((m) => (
            <li key={m.name}>{`${t.meetings[m.kind]}, ${calendarDay(m.date)}: `}{m.minutes}</li>))}</ul>
        </>
      )}
    </>
  );
}
