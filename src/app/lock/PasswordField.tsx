/** A passphrase box: a real label, help and message tied to it, and no autofill of household data. */
import type { Ref } from 'preact';
import { useState } from 'preact/hooks';

let seq = 0;

export interface PasswordFieldProps {
  label: string;
  value: string;
  onChange: (v: string) => void;
  help?: string;
  error?: string | null;
  /** `new-password` when setting one, `current-password` when checking it. */
  autoComplete?: 'new-password' | 'current-password' | 'off';
  inputRef?: Ref<HTMLInputElement>;
  disabled?: boolean;
}

export function PasswordField(props: PasswordFieldProps) {
  const [id] = useState(() => `pass-${++seq}`);
  const describedBy = [props.help ? `${id}-help` : '', `${id}-err`].filter(Boolean).join(' ');
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      {props.help ? (
        <p class="help" id={`${id}-help`}>
          {props.help}
        </p>
      ) : null}
      <input
        id={id}
        ref={props.inputRef}
        type="password"
        class="password"
        value={props.value}
        disabled={props.disabled}
        autoComplete={props.autoComplete ?? 'off'}
        autoCapitalize="off"
        spellcheck={false}
        aria-invalid={props.error ? 'true' : 'false'}
        aria-describedby={describedBy}
        onInput={(e) => props.onChange((e.currentTarget as HTMLInputElement).value)}
      />
      <p class="error" id={`${id}-err`} aria-live="polite">
        {props.error ?? ''}
      </p>
    </div>
  );
}
