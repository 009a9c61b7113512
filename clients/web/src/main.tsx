// The web app: the shell (header, navigation, sign-in) and the pages.
import './app.css';
import { ConnectError } from '@connectrpc/connect';
import { render } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import type { LogEntry } from '../gen/budget/v1/audit_service_pb';
import type { SignInConfig } from '../gen/budget/v1/sign_in_service_pb';
import type { Principal } from '../gen/budget/v1/common_pb';
import type { Round } from '../gen/budget/v1/round_pb';
import type { RoundSummary } from '../gen/budget/v1/summary_pb';
import { api, refusal, type Refusal } from './api';
import { completeSignIn, onAuthChange, signedInWith, signOut } from './auth';
import { Loading, RefusalSummary } from './components';
import { follow } from './live';
import { href, useRoute } from './router';
import { AppContext, has, Role, type AppState } from './state';
import { t } from './texts';
import { SignInPage } from './pages/signin';
import { OverviewPage } from './pages/overview';
import { TasksPage } from './pages/tasks';
import { CataloguePage } from './pages/catalogue';
import { ProposalPage } from './pages/proposal';
import { SubmitPage } from './pages/submit';
import { CommitteePage } from './pages/committee';
import { CouncilPage } from './pages/council';
import { HearingsPage } from './pages/hearings';
import { CoordinatorPage } from './pages/coordinator';
import { AuditPage } from './pages/audit';

const ROUND_KEY = 'budget.round';

interface NavItem { page: string; label: string; roles?: Role[] }

const NAV: NavItem[] = [
  { page: 'oversigt', label: t.pages.overview },
  { page: 'opgaver', label: t.pages.tasks },
  { page: 'katalog', label: t.pages.catalogue },
  { page: 'nyt-forslag', label: t.pages.submit, roles: [Role.CASE_WORKER, Role.COORDINATOR, Role.HMU] },
  { page: 'udvalg', label: t.pages.committee, roles: [Role.COMMITTEE] },
  { page: 'byraad', label: t.pages.council, roles: [Role.COUNCIL, Role.FINANCE_COMMITTEE] },
  { page: 'hoeringer', label: t.pages.hearings, roles: [Role.HEARING_BODY, Role.HMU, Role.COORDINATOR] },
  { page: 'koordinering', label: t.pages.coordinator, roles: [Role.COORDINATOR] },
  { page: 'revision', label: t.pages.audit, roles: [Role.AUDITOR, Role.COORDINATOR, Role.ADMINISTRATOR] },
];

function Header(props: { me?: Principal; round?: Round; rounds: Round[]; onRound: (n: string) => void; page: string }) {
  const me = props.me;
  const who = me && `${me.displayName || me.name}, ${me.roles.map((r) => t.roles[r]).join(', ')}${me.committee ? ` (${me.committee})` : ''}`;
  return (
    <header class="header">
      <a class="skipnav" href="#main-content">{t.app.skip}</a>
      <div class="portal-info">
        <div class="portal-info-inner container">
          <span class="portal-name">{props.round?.municipality ?? ''}</span>
          {me && (
            <div class="portal-user">
              <p class="user" data-testid="who">{`${t.signIn.as} ${who}`}</p>
              <button type="button" class="button button-secondary d-print-none log-off" onClick={signOut}>{t.signIn.signOut}</button>
            </div>
          )}
        </div>
      </div>
      <div class="solution-info">
        <div class="solution-info-inner container">
          <div class="solution-heading"><a href={href('oversigt')}>{t.app.title}</a></div>
          {me && props.rounds.length > 0 && (
            <div class="additional-info round-picker">
              <label class="form-label" for="round-picker">{t.app.round}</label>
              <select id="round-picker" class="form-select" value={props.round?.name}
                onChange={(e) => props.onRound((e.target as HTMLSelectElement).value)}>
                {props.rounds.map((r) => <option key={r.name} value={r.name}>{r.name.slice(7) === String(r.budgetYear) ? String(r.budgetYear) : `${r.budgetYear} (${r.name.slice(7)})`}</option>)}
              </select>
            </div>
          )}
        </div>
      </div>
      {me && (
        <div class="navigation-menu">
          <div class="navigation-menu-inner container">
            <nav class="nav" aria-label={t.app.nav}>
              <ul class="mainmenu">
                {NAV.filter((n) => !n.roles || has(me, ...n.roles)).map((n) => (
                  <li key={n.page} class={props.page === n.page ? 'active current' : undefined}>
                    <a href={href(n.page)} class="nav-link" aria-current={props.page === n.page ? 'page' : undefined}><span>{n.label}</span></a>
                  </li>
                ))}
              </ul>
            </nav>
          </div>
        </div>
      )}
    </header>
  );
}

function Page(props: { page: string; arg?: string }) {
  switch (props.page) {
    case 'opgaver': return <TasksPage />;
    case 'katalog': return <CataloguePage />;
    case 'forslag': return <ProposalPage id={props.arg ?? ''} />;
    case 'nyt-forslag': return <SubmitPage />;
    case 'udvalg': return <CommitteePage />;
    case 'byraad': return <CouncilPage />;
    case 'hoeringer': return <HearingsPage />;
    case 'koordinering': return <CoordinatorPage />;
    case 'revision': return <AuditPage />;
    default: return <OverviewPage />;
  }
}

function App() {
  const route = useRoute();
  const [config, setConfig] = useState<SignInConfig>();
  const [me, setMe] = useState<Principal>();
  const [problem, setProblem] = useState<Refusal | string>();
  const [checking, setChecking] = useState(true);
  const [rounds, setRounds] = useState<Round[]>([]);
  const [roundName, setRoundName] = useState<string | undefined>(sessionStorage.getItem(ROUND_KEY) ?? undefined);
  const [round, setRound] = useState<Round>();
  const [summary, setSummary] = useState<RoundSummary>();
  const [tick, setTick] = useState(0);
  const [liveEntries, setLiveEntries] = useState<LogEntry[]>([]);

  // Who is signed in: asked again whenever a credential comes or goes.
  const check = useCallback(async () => {
    setChecking(true);
    try {
      if (!signedInWith()) { setMe(undefined); return; }
      const who = await api.signIn.whoAmI({});
      setMe(who.principal);
      setProblem(undefined);
      const list = await api.rounds.listRounds({ pageSize: 1000 });
      setRounds(list.rounds);
    } catch (e) {
      setProblem(refusal(e));
      setMe(undefined);
      if (signedInWith() === 'token') signOut();
    } finally {
      setChecking(false);
    }
  }, []);

  useEffect(() => {
    (async () => {
      let settings;
      try {
        const c = await api.signIn.getSignInConfig({});
        setConfig(c);
        settings = c.oidc && { issuer: c.oidc.issuer, clientId: c.oidc.clientId, scopes: c.oidc.scopes, audience: c.oidc.audience };
        await completeSignIn(settings);
      } catch (e) {
        setProblem(e instanceof ConnectError ? refusal(e) : String(e));
      }
      await check();
    })();
    return onAuthChange(() => void check());
  }, []);

  const current = rounds.find((r) => r.name === roundName) ??
    [...rounds].sort((a, b) => b.budgetYear - a.budgetYear)[0];

  const refresh = useCallback(() => setTick((n) => n + 1), []);

  useEffect(() => {
    if (!me || !current) return;
    let live = true;
    Promise.all([api.rounds.getRound({ name: current.name }), api.rounds.getRoundSummary({ round: current.name })])
      .then(([r, s]) => { if (live) { setRound(r); setSummary(s); } }, () => undefined);
    return () => { live = false; };
  }, [me, current?.name, tick]);

  // One live feed per round viewed.
  useEffect(() => {
    if (!me || !current) return;
    setLiveEntries([]);
    return follow(current.name, current.logPosition, me, (e) => {
      if (e) setLiveEntries((l) => [e, ...l].slice(0, 50));
      setTick((n) => n + 1);
    });
  }, [me, current?.name]);

  useEffect(() => {
    const name = NAV.find((n) => n.page === route.page)?.label ?? t.pages.proposal;
    document.title = `${name} – ${t.app.title}`;
  }, [route.page]);

  const state: AppState | undefined = me && {
    me, rounds, round: round?.name === current?.name ? round : undefined, summary: summary?.round === current?.name ? summary : undefined,
    tick, refresh, liveEntries,
    selectRound: (n) => { sessionStorage.setItem(ROUND_KEY, n); setRoundName(n); },
  };

  return (
    <>
      <Header me={me} round={state?.round} rounds={rounds} onRound={(n) => state?.selectRound(n)} page={route.page} />
      <main class="container page-container" id="main-content" tabIndex={-1}>
        {checking && !me ? <Loading /> : !state ? (
          <SignInPage config={config} problem={problem} />
        ) : rounds.length === 0 && route.page !== 'koordinering' ? (
          <>
            <h1>{t.app.title}</h1>
            <p>{t.app.noRounds}</p>
            {typeof problem === 'object' && <RefusalSummary refusal={problem} />}
          </>
        ) : (
          <AppContext.Provider value={state}>
            <Page page={route.page} arg={route.arg} />
          </AppContext.Provider>
        )}
      </main>
      <footer class="page-footer container"><p class="mt-6 mb-6">{t.app.footer}</p></footer>
    </>
  );
}

render(<App />, document.getElementById('app')!);
