// Small building blocks in Det Fælles Designsystem's markup (dkfds classes).
// Every text from the server goes in as a child string, which Preact renders
// as a text node: never as HTML.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { explain, type Refusal } from './api';
import { t } from './texts';

export function Alert(props: { variant: 'info' | 'success' | 'warning' | 'error'; heading?: string; children?: ComponentChildren; id?: string }) {
  const alerting = props.variant === 'error' || props.variant === 'warning';
  return (
    <div class={`alert alert-${props.variant} mb-5`} role={alerting ? 'alert' : 'status'} id={props.id}>
      <div class="alert-body">
        {props.heading && <p class="alert-heading">{props.heading}</p>}
        <div class="alert-text">{props.children}</div>
      </div>
    </div>
  );
}

/** The fields a form has, by the server's field path, with the id of each input. */
export type FieldIds = Record<string, string>;

/**
 * A refused call: DKFDS's error summary, one link per bad field (to its
 * input), the rule that refused by name, and the server's own words.
 */
export function RefusalSummary(props: { refusal?: Refusal; fields?: FieldIds }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => { ref.current?.focus(); }, [props.refusal]);
  const r = props.refusal;
  if (!r) return null;
  return (
    <div class="alert alert-error mb-5 refusal" role="alert" tabIndex={-1} ref={ref}>
      <div class="alert-body">
        <p class="alert-heading">{t.errors.heading}</p>
        <p class="alert-text">{explain(r)}</p>
        {r.fields.length > 0 && (
          <ul class="nobullet-list">
            {r.fields.map((f) => (
              <li key={f.field}>
                {props.fields?.[f.field]
                  ? <a href={`#${props.fields[f.field]}`} onClick={(e) => { e.preventDefault(); document.getElementById(props.fields![f.field])?.focus(); }}>
                      {`${fieldLabel(f.field)}: ${f.description}`}</a>
                  : `${fieldLabel(f.field)}: ${f.description}`}
              </li>
            ))}
          </ul>
        )}
        {r.rules.map((v) => <p class="alert-text rule" key={v.type}><strong>{v.name ?? v.type}</strong>{`: ${v.description}`}</p>)}
        {!r.rules.length && !r.fields.length && r.message && <p class="alert-text server-message">{r.message}</p>}
      </div>
    </div>
  );
}

/** A field path of a request as the form calls it: "content.title" → "Titel". */
export function fieldLabel(path: string): string {
  const field = path.replace(/^content\./, '').replace(/[.[].*$/, '');
  return t.form.fieldNames[field] ?? path;
}

export function fieldError(r: Refusal | undefined, field: string, local?: Record<string, string>): string | undefined {
  return local?.[field] ?? r?.fields.find((f) => f.field === field || f.field.startsWith(`${field}.`) || f.field.startsWith(`${field}[`))?.description;
}

export function Field(props: {
  id: string; label: string; hint?: string; error?: string; children: ComponentChildren;
}) {
  return (
    <div class={`form-group${props.error ? ' form-error' : ''}`}>
      <label class="form-label" for={props.id}>{props.label}</label>
      {props.hint && <span class="form-hint" id={`${props.id}-hint`}>{props.hint}</span>}
      {props.error && <span class="form-error-message" id={`${props.id}-error`}><span class="sr-only">{t.errors.heading}: </span>{props.error}</span>}
      {props.children}
    </div>
  );
}

export function describedBy(id: string, hint?: string, error?: string): string | undefined {
  const ids = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

export function TextInput(props: {
  id: string; label: string; value: string; onInput: (v: string) => void; hint?: string; error?: string;
  type?: 'text' | 'password' | 'date' | 'number'; inputMode?: 'numeric' | 'text'; required?: boolean; wide?: boolean; autoComplete?: string;
}) {
  return (
    <Field id={props.id} label={props.label} hint={props.hint} error={props.error}>
      <input class={`form-input${props.wide ? ' input-width-l' : ''}`} id={props.id} name={props.id} type={(props.type ?? 'text') as 'text'}
        value={props.value} inputMode={props.inputMode} autoComplete={props.autoComplete} required={props.required} aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(props.id, props.hint, props.error)}
        onInput={(e) => props.onInput((e.target as HTMLInputElement).value)} />
    </Field>
  );
}

export function TextArea(props: { id: string; label: string; value: string; onInput: (v: string) => void; error?: string; rows?: number }) {
  return (
    <Field id={props.id} label={props.label} error={props.error}>
      <textarea class="form-input" id={props.id} name={props.id} rows={props.rows ?? 4} value={props.value}
        aria-invalid={props.error ? 'true' : undefined} aria-describedby={describedBy(props.id, undefined, props.error)}
        onInput={(e) => props.onInput((e.target as HTMLTextAreaElement).value)} />
    </Field>
  );
}

export function Select(props: {
  id: string; label: string; value: string; onChange: (v: string) => void; options: [string, string][]; error?: string; hint?: string;
}) {
  return (
    <Field id={props.id} label={props.label} error={props.error} hint={props.hint}>
      <select class="form-select" id={props.id} name={props.id} value={props.value}
        aria-invalid={props.error ? 'true' : undefined} aria-describedby={describedBy(props.id, props.hint, props.error)}
        onChange={(e) => props.onChange((e.target as HTMLSelectElement).value)}>
        {props.options.map(([v, label]) => <option key={v} value={v}>{label}</option>)}
      </select>
    </Field>
  );
}

export function Checkboxes(props: {
  id: string; legend: string; options: [string, string][]; selected: string[]; onChange: (v: string[]) => void; error?: string;
}) {
  return (
    <fieldset class={`form-group${props.error ? ' form-error' : ''}`} id={props.id} tabIndex={-1}>
      <legend class="form-label">{props.legend}</legend>
      {props.error && <span class="form-error-message">{props.error}</span>}
      <ul class="nobullet-list">
        {props.options.map(([v, label], i) => (
          <li key={v} class="form-group-checkbox">
            <input class="form-checkbox" type="checkbox" id={`${props.id}-${i}`} checked={props.selected.includes(v)}
              onChange={(e) => props.onChange((e.target as HTMLInputElement).checked
                ? [...props.selected, v] : props.selected.filter((x) => x !== v))} />
            <label for={`${props.id}-${i}`}>{label}</label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

export function Tag(props: { children: ComponentChildren; variant?: 'info' | 'success' | 'warning' | 'error' }) {
  return <span class={`badge${props.variant ? ` badge-${props.variant}` : ''}`}>{props.children}</span>;
}

/** A button that cannot be pressed twice while its action runs. */
export function ActionButton(props: {
  onClick: () => Promise<unknown>; children: ComponentChildren; variant?: 'primary' | 'secondary' | 'tertiary' | 'warning';
  label?: string; type?: 'button' | 'submit';
}) {
  const [busy, setBusy] = useState(false);
  return (
    <button type={props.type ?? 'button'} class={`button button-${props.variant ?? 'primary'}`} disabled={busy} aria-busy={busy}
      aria-label={props.label}
      onClick={async (e) => {
        e.preventDefault();
        if (busy) return;
        setBusy(true);
        try { await props.onClick(); } finally { setBusy(false); }
      }}>
      {props.children}
    </button>
  );
}

export function Loading() {
  return <p class="loading" role="status">{t.app.loading}</p>;
}
