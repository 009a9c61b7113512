// What the signed-in person must do next in the round (RoundService.
// ListMyTasks, issue 19 §5): hearings awaiting their response, the council's
// questions to answer, a committee's remaining gap before the claims
// deadline, milestones and dialogue meetings — soonest due first, each with
// a link to where it is done. The server decides what is whose; a task is
// gone once done.
import type { Task } from '../../gen/budget/v1/round_service_pb';
import { TaskKind } from '../../gen/budget/v1/round_service_pb';
import { api } from '../api';
import { Loading, RefusalSummary } from '../components';
import { dateTime, mio, shortName } from '../format';
import { href } from '../router';
import { useApp, useAsync } from '../state';
import { t } from '../texts';

function describe(task: Task): string {
  switch (task.kind) {
    case TaskKind.TASK_RESPOND_TO_HEARING: return t.tasks.respond(shortName(task.proposal), shortName(task.subject));
    case TaskKind.TASK_ANSWER_QUESTION: return t.tasks.answer(shortName(task.proposal));
    case TaskKind.TASK_COVER_SHORTFALL: return t.tasks.cover(mio(task.amountKr));
    case TaskKind.TASK_MILESTONE: return t.tasks.milestone(t.milestones[task.milestone]);
    case TaskKind.TASK_DIALOGUE_MEETING: return t.tasks.dialogue(t.milestones[task.milestone]);
    default: return task.summary;
  }
}

/** Where the task is done: the page of its hearing, proposal, committee or timeline. */
function where(task: Task): { link: string; label: string } {
  switch (task.kind) {
    case TaskKind.TASK_RESPOND_TO_HEARING: return { link: href('hoeringer'), label: t.pages.hearings };
    case TaskKind.TASK_ANSWER_QUESTION: return { link: href('forslag', shortName(task.proposal)), label: shortName(task.proposal) };
    case TaskKind.TASK_COVER_SHORTFALL: return { link: href('udvalg'), label: t.pages.committee };
    case TaskKind.TASK_DIALOGUE_MEETING: return { link: href('hoeringer'), label: t.pages.hearings };
    default: return { link: href('oversigt'), label: t.pages.overview };
  }
}

export function TasksPage() {
  const { round, tick } = useApp();
  const data = useAsync(async () => (round ? (await api.rounds.listMyTasks({ round: round.name })).tasks : undefined),
    [round?.name, tick]);
  if (!round) return <Loading />;
  if (data.error) return <><h1>{t.tasks.heading}</h1><RefusalSummary refusal={data.error} /></>;
  if (!data.data) return <Loading />;
  return (
    <>
      <h1 id="tasks-heading">{t.tasks.heading}</h1>
      <p>{t.tasks.intro}</p>
      {data.data.length === 0 ? <p id="no-tasks">{t.tasks.none}</p> : (
        <table class="table table--compact" id="tasks" aria-labelledby="tasks-heading">
          <thead><tr><th scope="col">{t.tasks.task}</th><th scope="col">{t.tasks.due}</th><th scope="col">{t.tasks.go}</th></tr></thead>
          <tbody>{data.data.map((task, i) => {
            const w = where(task);
            return (
              <tr key={i} data-kind={TaskKind[task.kind]}>
                <th scope="row">{describe(task)}</th>
                <td>{task.due ? dateTime(task.due) : t.tasks.noDeadline}</td>
                <td><a href={w.link}>{w.label}</a></td>
              </tr>
            );
          })}</tbody>
        </table>
      )}
    </>
  );
}
