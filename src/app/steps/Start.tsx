/**
 * The start page (first paint): what the app does, how long it takes, what to have at hand, that nothing leaves the
 * phone, the 长辈模式 switch — and, when a household was being filled in, the way back to it.
 */
import { useI18n } from '../i18n';

export interface StartProps {
  elder: boolean;
  onElder: () => void;
  onStart: () => void;
  /** A household is in progress: continue it (and the label of where), or start a new one. */
  resume?: { label: string; onContinue: () => void; onNew: () => void };
}

export function StartPage({ elder, onElder, onStart, resume }: StartProps) {
  const { t } = useI18n();
  return (
    <div class="start">
      <p class="lead">{t('start.what')}</p>
      <ul class="start-facts">
        <li>{t('start.time')}</li>
        <li>{t('start.private')}</li>
        <li>{t('start.decides')}</li>
      </ul>
      <section class="card">
        <h3>{t('start.have.title')}</h3>
        <ul class="have-list">
          <li>{t('start.have.hukou')}</li>
          <li>{t('start.have.disability')}</li>
          <li>{t('start.have.income')}</li>
          <li>{t('start.have.hospital')}</li>
        </ul>
        <p class="help">{t('start.have.help')}</p>
      </section>
      <label class={`option elder-switch${elder ? ' selected' : ''}`}>
        <input type="checkbox" checked={elder} onChange={onElder} />
        <span>
          <strong>{t('ui.elder.on')}</strong>
          <span class="help"> {t('start.elder')}</span>
        </span>
      </label>
      {resume ? (
        <div class="actions start-actions">
          <p>{t('start.resume', { where: resume.label })}</p>
          <button type="button" class="button" onClick={resume.onContinue}>
            {t('start.continue')}
          </button>
          <button type="button" class="button secondary" onClick={resume.onNew}>
            {t('start.new')}
          </button>
        </div>
      ) : (
        <div class="actions start-actions">
          <button type="button" class="button" onClick={onStart}>
            {t('start.begin')}
          </button>
        </div>
      )}
    </div>
  );
}
