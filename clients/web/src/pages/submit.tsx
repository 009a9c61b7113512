import { useState } from 'preact/hooks';
import { Alert, Loading } from '../components';
import { shortName } from '../format';
import { href } from '../router';
import { useApp } from '../state';
import { t } from '../texts';
import { ProposalForm } from './proposal-form';

export function SubmitPage() {
  const { round } = useApp();
  const [created, setCreated] = useState<string>();
  const [key, setKey] = useState(0);
  if (!round) return <Loading />;
  return (
    <>
      <h1>{t.form.submitHeading}</h1>
      {created && <Alert variant="success">{t.form.submitted} <a href={href('forslag', created)} id="created-link">{created}</a></Alert>}
      <ProposalForm key={key} round={round} onDone={(p) => { setCreated(p && shortName(p.name)); setKey(key + 1); }} />
    </>
  );
}
