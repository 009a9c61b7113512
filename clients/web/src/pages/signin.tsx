import { useState } from 'preact/hooks';
import type { SignInConfig } from '../../gen/budget/v1/sign_in_service_pb';
import type { Refusal } from '../api';
import { startSignIn, usePastedToken } from '../auth';
import { Alert, RefusalSummary, TextInput } from '../components';
import { t } from '../texts';

export function SignInPage(props: { config?: SignInConfig; problem?: Refusal | string }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const oidc = props.config?.oidc;
  return (
    <div class="row">
      <div class="col-12 col-lg-8">
        <h1>{t.signIn.heading}</h1>
        <p class="font-lead">{t.signIn.intro}</p>
        {typeof props.problem === 'string' && <Alert variant="error" heading={t.errors.heading}>{props.problem}</Alert>}
        {typeof props.problem === 'object' && <RefusalSummary refusal={props.problem} />}
        {oidc && oidc.clientId && (
          <p>
            <button type="button" class="button button-primary" id="sso" disabled={busy}
              onClick={async () => {
                setBusy(true);
                try {
                  await startSignIn({ issuer: oidc.issuer, clientId: oidc.clientId, scopes: oidc.scopes, audience: oidc.audience });
                } catch (e) {
                  setError(String(e));
                  setBusy(false);
                }
              }}>
              {busy ? t.signIn.ssoBusy : t.signIn.sso}
            </button>
          </p>
        )}
        {(!props.config || props.config.bearerTokens) && (
          <form onSubmit={(e) => {
            e.preventDefault();
            if (!token.trim()) { setError(t.signIn.missing); return; }
            usePastedToken(token);
          }}>
            <TextInput id="token" label={t.signIn.token} hint={t.signIn.tokenHint} type="password" value={token}
              onInput={setToken} error={error} wide autoComplete="off" />
            <button type="submit" class="button button-secondary" id="token-sign-in">{t.signIn.submit}</button>
          </form>
        )}
      </div>
    </div>
  );
}
