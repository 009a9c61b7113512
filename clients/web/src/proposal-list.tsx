// A compact table of proposals with their action buttons, for the role pages.
import type { ComponentChildren } from 'preact';
import type { Proposal } from '../gen/budget/v1/proposal_pb';
import { ProposalActions } from './actions';
import { allPages } from './api';
import { kr, shortName } from './format';
import { href } from './router';
import { t } from './texts';

// A section with its heading; the table is labelled by the heading rather than
// a caption of the same words, which a screen reader would read twice.
export function ProposalList(props: { id: string; heading: string; proposals: Proposal[]; onChanged: () => void; extra?: (p: Proposal) => ComponentChildren }) {
  const heading = `${props.id}-heading`;
  return (
    <section aria-labelledby={heading}>
      <h2 id={heading}>{props.heading}</h2>
      {!props.proposals.length ? <p id={props.id}>{t.catalogue.none}</p> : <ProposalTable {...props} labelledBy={heading} />}
    </section>
  );
}

function ProposalTable(props: { id: string; labelledBy: string; proposals: Proposal[]; onChanged: () => void; extra?: (p: Proposal) => ComponentChildren }) {
  return (
    <div class="table-wrap">
      <table class="table table--compact" id={props.id} aria-labelledby={props.labelledBy}>
        <thead><tr><th scope="col">{t.catalogue.id}</th><th scope="col">{t.catalogue.title}</th><th scope="col">{t.catalogue.status}</th>
          <th scope="col" class="num">{t.catalogue.full}</th><th scope="col"><span class="sr-only">{t.committee.claim}</span></th></tr></thead>
        <tbody>
          {props.proposals.map((p) => (
            <tr key={p.name} data-proposal={shortName(p.name)}>
              <td><a href={href('forslag', shortName(p.name))}>{shortName(p.name)}</a></td>
              <td>{p.content?.title}{p.crossCutting && <> <span class="badge badge-info">{t.catalogue.crossCutting}</span></>}{props.extra?.(p)}</td>
              <td>{t.status[p.status]}</td>
              <td class="num">{kr(p.content?.fullImplementationKr ?? 0n)}</td>
              <td><ProposalActions proposal={p} onChanged={props.onChanged} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Every proposal of a round (all pages), optionally only those concerning a committee. */
export async function allProposals(list: (pageToken: string) => Promise<{ proposals: Proposal[]; nextPageToken: string }>): Promise<Proposal[]> {
  return (await allPages(list)).flatMap((r) => r.proposals);
}
