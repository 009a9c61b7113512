// A proposal's history (AuditService.ProposalHistory): every version with its
// field diffs — who, when — and every other event that touched it.
import type { FieldChange, ProposalHistoryResponse } from '../../gen/budget/v1/audit_service_pb';
import { dateTime, kr } from '../format';
import { t } from '../texts';

/** An amount in kroner as Danish money; every other value as the server wrote it. */
function shown(field: string, value: string): string {
  return field.endsWith('_kr') && /^-?\d+$/.test(value) ? kr(BigInt(value)) : value;
}

// `labelledBy`: the id of the heading that names the table (no caption, so a
// screen reader does not read the name twice).
export function ChangesTable(props: { changes: FieldChange[]; labelledBy?: string }) {
  if (!props.changes.length) return null;
  return (
    <div class="table-wrap">
      <table class="table table--compact changes" aria-labelledby={props.labelledBy}>
        <thead><tr><th scope="col">{t.proposal.field}</th><th scope="col">{t.proposal.before}</th><th scope="col">{t.proposal.after}</th></tr></thead>
        <tbody>
          {props.changes.map((c, i) => (
            <tr key={i}>
              <th scope="row">{t.form.fieldNames[c.field] ?? c.field}</th>
              <td class="diff-old pre">{shown(c.field, c.oldValue)}</td>
              <td class="diff-new pre">{shown(c.field, c.newValue)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** "budget.v1.ProposalClaimed" → "ProposalClaimed" */
export function eventName(type: string): string {
  return type.replace(/^budget\.v1\./, '');
}

export function History(props: { history: ProposalHistoryResponse }) {
  const h = props.history;
  return (
    <section aria-labelledby="history-heading" id="history">
      <h2 id="history-heading">{t.proposal.history}</h2>
      <p>{t.proposal.historyIntro}</p>
      <ol class="nobullet-list versions">
        {[...h.versions].reverse().map((v) => (
          <li key={String(v.version)} class="mb-5 version" data-version={String(v.version)}>
            <h3 class="h4" id={`version-${v.version}`}>{`${t.proposal.version} ${v.version}`}</h3>
            <p class="mb-2">{`${t.proposal.who}: `}<strong>{v.actor}</strong>{` · ${t.proposal.when}: ${dateTime(v.recordedAt)}`}</p>
            {v.changes.length ? <ChangesTable changes={v.changes} labelledBy={`version-${v.version}`} /> : <p>{t.proposal.firstVersion}</p>}
          </li>
        ))}
      </ol>
      <h3 id="history-events-heading">{t.proposal.events}</h3>
      <div class="table-wrap">
        <table class="table table--compact" id="history-events" aria-labelledby="history-events-heading">
          <thead><tr><th scope="col">{t.audit.position}</th><th scope="col">{t.proposal.when}</th><th scope="col">{t.proposal.event}</th><th scope="col">{t.proposal.who}</th></tr></thead>
          <tbody>
            {h.events.map((e) => (
              <tr key={String(e.position)}>
                <td class="num">{String(e.position)}</td>
                <td>{dateTime(e.recordedAt)}</td>
                <td>{eventName(e.type)}</td>
                <td>{e.actor}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
