// The catalogue of proposals: filtered by the server where the API can
// (committee, category, status, cross-cutting) and in the page for the rest
// (centre, submitter, title), read page by page so a catalogue of thousands
// never arrives as one response, sortable, with the totals of the filtered
// rows and a CSV download of them.
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Proposal } from '../../gen/budget/v1/proposal_pb';
import { api, refusal, type Refusal } from '../api';
import { Loading, RefusalSummary, Select, TextInput } from '../components';
import { grouped, kr, shortName } from '../format';
import { href } from '../router';
import { saveFile } from '../save';
import { useApp } from '../state';
import { t } from '../texts';

const PAGE = 500;
const SHOWN_STEP = 200;

type SortKey = 'id' | 'title' | 'status' | 'full' | `y${number}`;

function amountFor(p: Proposal, year: number): bigint {
  return p.content?.effects.find((e) => e.year === year)?.amountKr ?? 0n;
}

function sortValue(p: Proposal, key: SortKey): string | bigint {
  switch (key) {
    case 'id': return shortName(p.name);
    case 'title': return p.content?.title ?? '';
    case 'status': return t.status[p.status];
    case 'full': return p.content?.fullImplementationKr ?? 0n;
    default: return amountFor(p, Number(key.slice(1)));
  }
}

function csvCell(v: string): string {
  return /[";\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** Danish CSV (semicolons, as Excel expects with a Danish locale), UTF-8 with a BOM. */
function csv(rows: Proposal[], years: number[], names: Map<string, string>): string {
  const header = [...t.csv.header, ...years.map(String)];
  const lines = rows.map((p) => {
    const c = p.content!;
    return [shortName(p.name), c.title, t.status[p.status], t.categories[c.category],
      c.committees.map((n) => names.get(n) ?? n).join(', '), c.centres.map((n) => names.get(n) ?? n).join(', '),
      p.crossCutting ? t.catalogue.yes : t.catalogue.no, p.submittedBy, String(c.fullImplementationKr),
      ...years.map((y) => String(amountFor(p, y)))];
  });
  return '\ufeff' + [header, ...lines].map((l) => l.map(csvCell).join(';')).join('\r\n') + '\r\n';
}

export function CataloguePage() {
  const { round, tick } = useApp();
  const [committee, setCommittee] = useState('');
  const [category, setCategory] = useState('0');
  const [status, setStatus] = useState('0');
  const [cross, setCross] = useState('');
  const [centre, setCentre] = useState('');
  const [submitter, setSubmitter] = useState('');
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<{ key: SortKey; up: boolean }>({ key: 'id', up: true });
  const [rows, setRows] = useState<Proposal[]>();
  const [total, setTotal] = useState(0);
  const [complete, setComplete] = useState(false);
  const [error, setError] = useState<Refusal>();
  const [shown, setShown] = useState(SHOWN_STEP);

  // Reads every page of the server-filtered list, showing each as it comes.
  useEffect(() => {
    if (!round) return;
    let live = true;
    setComplete(false);
    (async () => {
      const got: Proposal[] = [];
      let pageToken = '';
      try {
        do {
          const r = await api.proposals.listProposals({
            parent: round.name, pageSize: PAGE, pageToken, committee, category: Number(category), status: Number(status),
            crossCutting: cross === '' ? undefined : cross === 'true',
          });
          if (!live) return;
          got.push(...r.proposals);
          setRows([...got]);
          setTotal(r.totalSize);
          pageToken = r.nextPageToken;
        } while (pageToken);
        setComplete(true);
        setError(undefined);
      } catch (e) {
        if (live) setError(refusal(e));
      }
    })();
    return () => { live = false; };
  }, [round?.name, committee, category, status, cross, tick]);

  const years = round ? Array.from({ length: round.periodLastYear - round.periodFirstYear + 1 }, (_, i) => round.periodFirstYear + i) : [];
  const names = useMemo(() => new Map<string, string>([
    ...(round?.committees ?? []).map((c) => [c.name, c.displayName] as [string, string]),
    ...(round?.centres ?? []).map((c) => [c.name, c.displayName] as [string, string]),
  ]), [round]);

  const filtered = useMemo(() => {
    const needle = search.trim().toLowerCase();
    const f = (rows ?? []).filter((p) =>
      (!centre || p.content?.centres.includes(centre)) &&
      (!submitter || String(p.content?.submitterKind) === submitter) &&
      (!needle || p.content?.title.toLowerCase().includes(needle)));
    const dir = sort.up ? 1 : -1;
    return f.sort((a, b) => {
      const x = sortValue(a, sort.key), y = sortValue(b, sort.key);
      return (x < y ? -1 : x > y ? 1 : 0) * dir;
    });
  }, [rows, centre, submitter, search, sort]);

  const sums = useMemo(() => ({
    full: filtered.reduce((s, p) => s + (p.content?.fullImplementationKr ?? 0n), 0n),
    years: years.map((y) => filtered.reduce((s, p) => s + amountFor(p, y), 0n)),
  }), [filtered, years.join()]);

  if (!round) return <Loading />;

  const header = (key: SortKey, label: string, num = false) => (
    <th scope="col" class={num ? 'num' : undefined}
      aria-sort={sort.key === key ? (sort.up ? 'ascending' : 'descending') : undefined}>
      <button type="button" class="sort-button" onClick={() => setSort({ key, up: sort.key === key ? !sort.up : true })}>
        {label}<span class="sr-only">{` (${t.catalogue.sortBy})`}</span>
      </button>
    </th>
  );

  return (
    <>
      <h1>{t.catalogue.heading}</h1>
      <RefusalSummary refusal={error} />
      <form class="filters" aria-label={t.catalogue.filters} onSubmit={(e) => e.preventDefault()}>
        <Select id="f-committee" label={t.catalogue.committee} value={committee} onChange={setCommittee}
          options={[['', t.catalogue.all], ...round.committees.map((c) => [c.name, c.displayName] as [string, string])]} />
        <Select id="f-centre" label={t.catalogue.centre} value={centre} onChange={setCentre}
          options={[['', t.catalogue.all], ...round.centres.map((c) => [c.name, c.displayName] as [string, string])]} />
        <Select id="f-category" label={t.catalogue.category} value={category} onChange={setCategory}
          options={Object.entries(t.categories).map(([k, v]) => [k, k === '0' ? t.catalogue.all : v])} />
        <Select id="f-status" label={t.catalogue.status} value={status} onChange={setStatus}
          options={Object.entries(t.status).map(([k, v]) => [k, k === '0' ? t.catalogue.all : v])} />
        <Select id="f-cross" label={t.catalogue.crossCutting} value={cross} onChange={setCross}
          options={[['', t.catalogue.all], ['true', t.catalogue.yes], ['false', t.catalogue.no]]} />
        <Select id="f-submitter" label={t.catalogue.submitter} value={submitter} onChange={setSubmitter}
          options={Object.entries(t.submitters).map(([k, v]) => [k === '0' ? '' : k, k === '0' ? t.catalogue.all : v])} />
        <TextInput id="f-search" label={t.catalogue.search} value={search} onInput={setSearch} />
      </form>
      {!rows ? <Loading /> : (
        <>
          <p role="status" id="catalogue-count">{t.catalogue.count(filtered.length, total)}{complete ? '' : ` ${t.app.loading}`}</p>
          <p>
            <button type="button" class="button button-secondary" id="csv"
              onClick={() => saveFile(`katalog-${round.name.slice(7)}.csv`, csv(filtered, years, names), 'text/csv;charset=utf-8')}>
              {t.catalogue.csv}
            </button>
          </p>
          <div class="table-wrap">
            <table class="table table--compact table--zebra" id="catalogue">
              <caption class="sr-only">{t.catalogue.caption}</caption>
              <thead>
                <tr>
                  {header('id', t.catalogue.id)}
                  {header('title', t.catalogue.title)}
                  {header('status', t.catalogue.status)}
                  <th scope="col">{t.catalogue.committee}</th>
                  {years.map((y) => header(`y${y}`, String(y), true))}
                  {header('full', t.catalogue.full, true)}
                </tr>
              </thead>
              <tbody>
                {filtered.slice(0, shown).map((p) => (
                  <tr key={p.name}>
                    <td><a href={href('forslag', shortName(p.name))}>{shortName(p.name)}</a></td>
                    <td>{p.content?.title}{p.crossCutting && <> <span class="badge badge-info">{t.catalogue.crossCutting}</span></>}</td>
                    <td>{t.status[p.status]}</td>
                    <td>{p.content?.committees.map((n) => names.get(n) ?? shortName(n)).join(', ')}</td>
                    {years.map((y) => <td class="num" key={y}>{grouped(amountFor(p, y))}</td>)}
                    <td class="num">{kr(p.content?.fullImplementationKr ?? 0n)}</td>
                  </tr>
                ))}
                {!filtered.length && <tr><td colSpan={5 + years.length}>{t.catalogue.none}</td></tr>}
              </tbody>
              <tfoot>
                <tr id="catalogue-total">
                  <th scope="row" colSpan={4}>{t.catalogue.total}</th>
                  {sums.years.map((s, i) => <td class="num" key={i}>{grouped(s)}</td>)}
                  <td class="num"><strong>{kr(sums.full)}</strong></td>
                </tr>
              </tfoot>
            </table>
          </div>
          {filtered.length > shown && (
            <button type="button" class="button button-secondary" onClick={() => setShown(shown + SHOWN_STEP)}>{t.catalogue.more}</button>
          )}
        </>
      )}
    </>
  );
}
