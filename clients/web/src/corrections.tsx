// The technical corrections of the frames (004 §2, rule 11) as the summary
// holds them: each committee's and the round's financing ones, the budget
// year's amount, the assessment of a law compensation, and for ØK the
// decision on one that awaits it.
import { useState } from 'preact/hooks';
import { CorrectionState, type FrameCorrection } from '../gen/budget/v1/adoption_pb';
import { Role } from '../gen/budget/v1/common_pb';
import type { Round } from '../gen/budget/v1/round_pb';
import type { RoundSummary } from '../gen/budget/v1/summary_pb';
import { api } from './api';
import { useAction } from './actions';
import { ActionButton, RefusalSummary } from './components';
import { kr, shortName } from './format';
import { has, useApp } from './state';
import { t } from './texts';

function amountIn(c: FrameCorrection, year: number, assessed: boolean): bigint | undefined {
  return (assessed ? c.assessedAmounts : c.amounts).find((a) => a.year === year)?.amountKr;
}

function Decision(props: { correction: FrameCorrection }) {
  const decide = useAction();
  const [reason, setReason] = useState('');
  const id = shortName(props.correction.name);
  const run = (approve: boolean) => decide.run({ correction: props.correction.name, approve, reason },
    (r) => api.adoption.decideFrameCorrection(r), t.corrections.decided);
  return (
    <span class="actions">
      <RefusalSummary refusal={decide.error} />
      <label class="form-label sr-only" for={`reason-${id}`}>{`${t.corrections.reason} ${id}`}</label>
      <input class="form-input" id={`reason-${id}`} value={reason} placeholder={t.corrections.reason}
        onInput={(e) => setReason((e.target as HTMLInputElement).value)} />
      <ActionButton variant="secondary" label={`${t.corrections.approve} ${id}`} onClick={() => run(true)}>{t.corrections.approve}</ActionButton>
      <ActionButton variant="tertiary" label={`${t.corrections.reject} ${id}`} onClick={() => run(false)}>{t.corrections.reject}</ActionButton>
    </span>
  );
}

export function Corrections(props: { round: Round; summary: RoundSummary }) {
  const { me } = useApp();
  const full = props.summary.fullImplementation;
  const year = props.round.budgetYear;
  const rows: { who: string; c: FrameCorrection }[] = [
    ...(full?.committees ?? []).flatMap((ct) => ct.corrections.map((c) => ({ who: ct.displayName, c }))),
    ...(full?.financingCorrections ?? []).map((c) => ({ who: t.corrections.round, c }))];
  rows.sort((a, b) => a.c.name.localeCompare(b.c.name));
  const oek = has(me, Role.FINANCE_COMMITTEE);
  return (
    <section aria-labelledby="corrections-heading" class="mt-6">
      <h2 id="corrections-heading">{t.corrections.heading}</h2>
      {!rows.length ? <p>{t.corrections.none}</p> : <div class="table-wrap">
        <table class="table table--compact" id="corrections">
          <caption class="sr-only">{t.corrections.heading}</caption>
          <thead><tr>
            <th scope="col">{t.corrections.who}</th><th scope="col">{t.corrections.kind}</th>
            <th scope="col">{t.corrections.subject}</th><th scope="col" class="num">{`${t.corrections.amount} ${year}`}</th>
            <th scope="col" class="num">{t.corrections.assessed}</th><th scope="col">{t.corrections.state}</th>
            {oek && <th scope="col"><span class="sr-only">{t.corrections.approve}</span></th>}
          </tr></thead>
          <tbody>
            {rows.map(({ who, c }) => {
              const assessed = c.assessTime ? amountIn(c, year, true) : undefined;
              const amount = amountIn(c, year, false);
              return (
                <tr key={c.name} data-correction={shortName(c.name)}>
                  <td>{who}</td>
                  <td>{t.corrections.kinds[c.kind]}</td>
                  <td>{c.law || c.area}</td>
                  <td class="num">{amount === undefined ? '–' : kr(amount)}</td>
                  <td class="num">{assessed === undefined ? '' : kr(assessed)}</td>
                  <td>{t.corrections.states[c.state]}</td>
                  {oek && <td>{c.state === CorrectionState.CORRECTION_AWAITING_DECISION && <Decision correction={c} />}</td>}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>}
    </section>
  );
}
