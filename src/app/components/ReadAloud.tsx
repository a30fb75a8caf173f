/**
 * The 朗读 button: reads a question (its label, help and choices) or a result aloud. Shown in 长辈模式 only (the
 * stylesheet hides it otherwise) and only where the phone has a voice for the language.
 */
import { speak, useVoice } from '../speech';
import { useI18n } from '../i18n';

export function ReadAloud({ text, label }: { text: () => string; label: string }) {
  const { t, lang } = useI18n();
  const voice = useVoice(lang);
  if (!voice) return null;
  return (
    <button type="button" class="speak" aria-label={t('ui.readAloud.label', { what: label })} onClick={() => speak(text(), voice)}>
      <svg class="speak-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <path d="M4 9v6h4l5 4V5L8 9H4zm12.5 3a4.5 4.5 0 0 0-2.5-4v8a4.5 4.5 0 0 0 2.5-4zM14 3.2v2.1a7 7 0 0 1 0 13.4v2.1a9 9 0 0 0 0-17.6z" />
      </svg>
      {t('ui.readAloud')}
    </button>
  );
}
