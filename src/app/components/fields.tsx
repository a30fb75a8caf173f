/**
 * Form controls: native inputs (keyboard, screen readers and autofill work for free), big touch targets, a one-line
 * help text under each label, and the message next to the field as the user types.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { useI18n } from '../i18n';

let fieldSeq = 0;
function useFieldId(prefix: string): string {
  const [id] = useState(() => `${prefix}-${++fieldSeq}`);
  return id;
}

interface BaseProps {
  label: string;
  help?: string;
  error?: string | null;
  /** Tests and the results page find questions by their input path. */
  path?: string;
}

export interface Option<V extends string | number | boolean> {
  value: V;
  label: string;
}

function Help({ id, text }: { id: string; text?: string }) {
  return text ? (
    <p class="help" id={id}>
      {text}
    </p>
  ) : null;
}

function ErrorText({ id, text }: { id: string; text?: string | null }) {
  return (
    <p class="error" id={id} aria-live="polite">
      {text ?? ''}
    </p>
  );
}

/** One choice from a few: radio buttons drawn as large tappable options. */
export function ChoiceField<V extends string | number | boolean>(props: BaseProps & { options: Option<V>[]; value: V | undefined; onChange: (v: V) => void; columns?: 1 | 2 }) {
  const id = useFieldId('choice');
  return (
    <fieldset class="field choice" data-path={props.path} aria-describedby={props.help ? `${id}-help` : undefined}>
      <legend>{props.label}</legend>
      <Help id={`${id}-help`} text={props.help} />
      <div class={`options cols-${props.columns ?? 2}`}>
        {props.options.map((o, i) => (
          <label class={`option${props.value === o.value ? ' selected' : ''}`} key={String(o.value)}>
            <input type="radio" name={id} id={`${id}-${i}`} checked={props.value === o.value} onChange={() => props.onChange(o.value)} />
            <span>{o.label}</span>
          </label>
        ))}
      </div>
      <ErrorText id={`${id}-err`} text={props.error} />
    </fieldset>
  );
}

/** Yes / No (/ Not sure): undefined stays "not answered". */
export function YesNoField(props: BaseProps & { value: boolean | undefined; onChange: (v: boolean) => void }) {
  const { t } = useI18n();
  return (
    <ChoiceField
      {...props}
      options={[
        { value: true, label: t('ui.yes') },
        { value: false, label: t('ui.no') },
      ]}
    />
  );
}

export function SelectField<V extends string | number>(props: BaseProps & { options: Option<V>[]; value: V | undefined; onChange: (v: V | undefined) => void }) {
  const id = useFieldId('select');
  const { t } = useI18n();
  return (
    <div class="field" data-path={props.path}>
      <label for={id}>{props.label}</label>
      <Help id={`${id}-help`} text={props.help} />
      <select
        id={id}
        aria-describedby={`${props.help ? `${id}-help ` : ''}${id}-err`}
        value={props.value === undefined ? '' : String(props.value)}
        onChange={(e) => {
          const raw = (e.currentTarget as HTMLSelectElement).value;
          const found = props.options.find((o) => String(o.value) === raw);
          props.onChange(found ? found.value : undefined);
        }}
      >
        <option value="">{t('ui.choose')}</option>
        {props.options.map((o) => (
          <option value={String(o.value)} key={String(o.value)}>
            {o.label}
          </option>
        ))}
      </select>
      <ErrorText id={`${id}-err`} text={props.error} />
    </div>
  );
}

export interface NumberFieldProps extends BaseProps {
  value: number | undefined;
  /** Called with the parsed number, or undefined when the box is empty or invalid. */
  onChange: (v: number | undefined) => void;
  integer?: boolean;
  min?: number;
  max?: number;
  unit?: string;
  /** Message shown when the text is not a valid number in range. */
  invalidMessage: string;
}

/**
 * A number typed as text (type=number loses what was typed on some phones): checked on every keystroke, the message
 * shown next to the field, and only a valid number reaches the household.
 */
export function NumberField(props: NumberFieldProps) {
  const id = useFieldId('num');
  const [text, setText] = useState(props.value === undefined ? '' : String(props.value));
  const [error, setError] = useState<string | null>(null);
  // Follow outside changes (e.g. answered on another screen) unless the user is mid-typing something invalid.
  useEffect(() => {
    if (error) return;
    const shown = text.trim() === '' ? undefined : Number(text);
    if (shown !== props.value) setText(props.value === undefined ? '' : String(props.value));
  }, [props.value]);
  const onInput = (raw: string) => {
    setText(raw);
    const s = raw.trim().replace(/,/g, '');
    if (s === '') {
      setError(null);
      props.onChange(undefined);
      return;
    }
    const n = Number(s);
    const bad = !Number.isFinite(n) || (props.integer && !Number.isInteger(n)) || (props.min !== undefined && n < props.min) || (props.max !== undefined && n > props.max);
    if (bad) {
      setError(props.invalidMessage);
      props.onChange(undefined);
      return;
    }
    setError(null);
    props.onChange(n);
  };
  const shownError = props.error ?? error;
  return (
    <div class="field" data-path={props.path}>
      <label for={id}>{props.label}</label>
      <Help id={`${id}-help`} text={props.help} />
      <div class="with-unit">
        <input
          id={id}
          type="text"
          inputMode={props.integer ? 'numeric' : 'decimal'}
          autoComplete="off"
          value={text}
          aria-invalid={shownError ? 'true' : 'false'}
          aria-describedby={`${props.help ? `${id}-help ` : ''}${id}-err`}
          onInput={(e) => onInput((e.currentTarget as HTMLInputElement).value)}
        />
        {props.unit ? <span class="unit">{props.unit}</span> : null}
      </div>
      <ErrorText id={`${id}-err`} text={shownError} />
    </div>
  );
}

export function TextField(props: BaseProps & { value: string | undefined; onChange: (v: string) => void; type?: 'text' | 'date' | 'search'; autoComplete?: string }) {
  const id = useFieldId('text');
  return (
    <div class="field" data-path={props.path}>
      <label for={id}>{props.label}</label>
      <Help id={`${id}-help`} text={props.help} />
      <input
        id={id}
        type={props.type ?? 'text'}
        value={props.value ?? ''}
        autoComplete={props.autoComplete ?? 'off'}
        aria-invalid={props.error ? 'true' : 'false'}
        aria-describedby={`${props.help ? `${id}-help ` : ''}${id}-err`}
        onInput={(e) => props.onChange((e.currentTarget as HTMLInputElement).value)}
      />
      <ErrorText id={`${id}-err`} text={props.error} />
    </div>
  );
}

/** Several boxes to tick, with an explicit "none of these" so no answer and "none" stay different. */
export function CheckGroup<V extends string>(props: BaseProps & { options: Option<V>[]; value: V[] | undefined; onChange: (v: V[]) => void; noneLabel?: string }) {
  const id = useFieldId('checks');
  const selected = props.value ?? [];
  const toggle = (v: V) => props.onChange(selected.includes(v) ? selected.filter((x) => x !== v) : [...selected, v]);
  return (
    <fieldset class="field checks" data-path={props.path}>
      <legend>{props.label}</legend>
      <Help id={`${id}-help`} text={props.help} />
      <div class="options cols-1">
        {props.options.map((o) => (
          <label class={`option${selected.includes(o.value) ? ' selected' : ''}`} key={o.value}>
            <input type="checkbox" checked={selected.includes(o.value)} onChange={() => toggle(o.value)} />
            <span>{o.label}</span>
          </label>
        ))}
        {props.noneLabel ? (
          <label class={`option${props.value !== undefined && selected.length === 0 ? ' selected' : ''}`}>
            <input type="checkbox" checked={props.value !== undefined && selected.length === 0} onChange={() => props.onChange([])} />
            <span>{props.noneLabel}</span>
          </label>
        ) : null}
      </div>
    </fieldset>
  );
}

export function Section({ title, children }: { title: string; children: ComponentChildren }) {
  return (
    <section class="card">
      <h3>{title}</h3>
      {children}
    </section>
  );
}
