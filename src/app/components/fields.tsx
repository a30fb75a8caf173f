/**
 * Form controls: native inputs (keyboard, screen readers and autofill work for free), big touch targets, a one-line
 * help text under each label, and the message next to the field as the user types.
 */
import type { ComponentChildren } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import { money } from '../../shared/format';
import { useI18n } from '../i18n';
import { parseNumber, type NumberKind } from '../parse-number';
import { ValidityContext } from '../validity';
import { ReadAloud } from './ReadAloud';

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

/** What 朗读 says for a question: its label, its help, and the choices it offers. */
function spoken(label: string, help?: string, options?: string[], t?: (k: string) => string): string {
  return [label, help, options?.length && t ? `${t('ui.readAloud.options')}${options.join(t('ui.listSeparator'))}` : ''].filter(Boolean).join('。');
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
  const { t } = useI18n();
  return (
    <fieldset class="field choice" data-path={props.path} aria-describedby={props.help ? `${id}-help` : undefined}>
      <legend>{props.label}</legend>
      <ReadAloud label={props.label} text={() => spoken(props.label, props.help, props.options.map((o) => o.label), t)} />
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

/**
 * Yes / No (/ Not sure): undefined stays "not answered". With `onClear` (an optional, private question) an answer
 * given can be taken back to blank.
 */
export function YesNoField(props: BaseProps & { value: boolean | undefined; onChange: (v: boolean) => void; onClear?: () => void }) {
  const { t } = useI18n();
  const { onClear, ...rest } = props;
  const field = (
    <ChoiceField
      {...rest}
      options={[
        { value: true, label: t('ui.yes') },
        { value: false, label: t('ui.no') },
      ]}
    />
  );
  if (!onClear || props.value === undefined) return field;
  return (
    <>
      {field}
      <button type="button" class="link clear-answer" data-clears={props.path} onClick={onClear}>
        {t('ui.clearAnswer')}
      </button>
    </>
  );
}

export function SelectField<V extends string | number>(props: BaseProps & { options: Option<V>[]; value: V | undefined; onChange: (v: V | undefined) => void }) {
  const id = useFieldId('select');
  const { t } = useI18n();
  return (
    <div class="field" data-path={props.path}>
      <label for={id}>{props.label}</label>
      <ReadAloud label={props.label} text={() => spoken(props.label, props.help, props.options.map((o) => o.label), t)} />
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
  /** Called with the number read, or undefined when the box is empty or cannot be read. */
  onChange: (v: number | undefined) => void;
  /** Money (up to 2 decimals, "800元", "八百") or an age (whole years, "67岁"). */
  kind?: NumberKind;
  min?: number;
  max?: number;
  unit?: string;
}

/**
 * A number typed as text (type=number loses what was typed on some phones), read the way people write it
 * ("800元", "１,２００", "八百"): checked on every keystroke, the message next to the field, and how an unusual text
 * was read ("按 ¥800 计算") shown under it. Only a number read with certainty reaches the household; text that cannot
 * be read is kept as it is (the validity context) and the household holds nothing for the field — never 0.
 */
export function NumberField(props: NumberFieldProps) {
  const id = useFieldId('num');
  const { t, lang } = useI18n();
  const validity = useContext(ValidityContext);
  const kind = props.kind ?? 'money';
  const kept = props.path ? validity.invalid[props.path] : undefined;
  const [text, setText] = useState(kept ?? (props.value === undefined ? '' : String(props.value)));
  const read = parseNumber(text, { kind, min: props.min, max: props.max });
  // Follow outside changes (e.g. answered on another screen) unless the box holds text that cannot be read.
  useEffect(() => {
    if (!read.ok) return;
    if (read.value !== props.value) setText(props.value === undefined ? '' : String(props.value));
  }, [props.value]);
  const onInput = (raw: string) => {
    setText(raw);
    const r = parseNumber(raw, { kind, min: props.min, max: props.max });
    if (props.path) validity.report(props.path, r.ok ? null : raw);
    props.onChange(r.ok ? r.value : undefined);
  };
  const problem = read.ok ? null : t(`error.number.${read.problem}`, { text: text.trim(), min: props.min, max: props.max, context: kind });
  const shownError = props.error ?? problem;
  const reading = read.ok && read.reinterpreted && read.value !== undefined ? t(kind === 'age' ? 'ui.readAs.age' : 'ui.readAs.money', { value: kind === 'age' ? read.value : money(read.value, lang) }) : null;
  return (
    <div class="field" data-path={props.path}>
      <label for={id}>{props.label}</label>
      <ReadAloud label={props.label} text={() => spoken(props.label, props.help)} />
      <Help id={`${id}-help`} text={props.help} />
      <div class="with-unit">
        <input
          id={id}
          type="text"
          inputMode={kind === 'age' ? 'numeric' : 'decimal'}
          autoComplete="off"
          value={text}
          aria-invalid={shownError ? 'true' : 'false'}
          aria-describedby={`${props.help ? `${id}-help ` : ''}${id}-read ${id}-err`}
          onInput={(e) => onInput((e.currentTarget as HTMLInputElement).value)}
        />
        {props.unit ? <span class="unit">{props.unit}</span> : null}
      </div>
      <p class="reading" id={`${id}-read`}>
        {reading ?? ''}
      </p>
      <ErrorText id={`${id}-err`} text={shownError} />
    </div>
  );
}

export function TextField(props: BaseProps & { value: string | undefined; onChange: (v: string) => void; type?: 'text' | 'date' | 'search'; autoComplete?: string }) {
  const id = useFieldId('text');
  return (
    <div class="field" data-path={props.path}>
      <label for={id}>{props.label}</label>
      {props.path ? <ReadAloud label={props.label} text={() => spoken(props.label, props.help)} /> : null}
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
  const { t } = useI18n();
  const selected = props.value ?? [];
  const toggle = (v: V) => props.onChange(selected.includes(v) ? selected.filter((x) => x !== v) : [...selected, v]);
  return (
    <fieldset class="field checks" data-path={props.path}>
      <legend>{props.label}</legend>
      <ReadAloud label={props.label} text={() => spoken(props.label, props.help, [...props.options.map((o) => o.label), ...(props.noneLabel ? [props.noneLabel] : [])], t)} />
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
