/**
 * Below the programmes: what to do next — where to apply, who to call, the documents to bring (each once, for
 * every programme found), and that the office decides; then print or send the summary on.
 */
import type { Household } from '../../engine/household';
import type { Report } from '../../engine/report';
import { useState } from 'preact/hooks';
import { useI18n } from '../i18n';
import { documentsToBring, printable } from '../print/model';
import { shareOrDownload } from '../share';
import { summaryText } from './summary-text';

export function NextSteps({ report, household, name, onPrint }: { report: Report; household: Household; name?: string; onPrint?: () => void }) {
  const { t, lang } = useI18n();
  const [status, setStatus] = useState('');
  const { eligible, undetermined } = printable(report);
  const all = [...eligible, ...undetermined];
  const docs = documentsToBring(all);
  const share = async () => {
    const text = summaryText(report, household, t, lang, name);
    const file = `${t('share.fileName', { name: name || t('saved.unnamed'), date: report.date })}.txt`;
    const outcome = await shareOrDownload(text, file, 'text/plain', t('share.title', { name: name || t('saved.unnamed') }));
    setStatus(outcome === 'cancelled' ? '' : t(`share.${outcome}`, { file }));
  };
  return (
    <section class="card next-steps" data-testid="next-steps">
      <h3>{t('next.title')}</h3>
      {all.length ? (
        <ol class="next-list">
          <li>
            <h4>{t('next.where.title')}</h4>
            <p>{t('print.where.text')}</p>
          </li>
          <li>
            <h4>{t('next.call.title')}</h4>
            <p>{t('next.call')}</p>
          </li>
          <li>
            <h4>{t('print.docs.title')}</h4>
            {docs.common.length ? (
              <>
                {docs.some.length ? <p class="muted">{t('print.docs.common')}</p> : null}
                <ul class="have-list">
                  {docs.common.map((d) => (
                    <li key={d} data-doc={d}>
                      {t(`doc.${d}`)}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
            {docs.some.length ? (
              <>
                <p class="muted">{t('print.docs.some')}</p>
                <ul class="have-list">
                  {docs.some.map((d) => (
                    <li key={d.doc} data-doc={d.doc}>
                      {t(`doc.${d.doc}`)} <span class="muted">{t('next.docFor', { names: d.programmes.map((id) => t(`prog.${id}.name`)).join(t('ui.listSeparator')) })}</span>
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
            <p class="help">{t('print.docs.note')}</p>
          </li>
          <li>
            <h4>{t('next.decides.title')}</h4>
            <p>{t('next.decides')}</p>
          </li>
        </ol>
      ) : (
        <p>{t('next.nothing')}</p>
      )}
      <div class="actions">
        {onPrint ? (
          <button type="button" class="button secondary" onClick={onPrint}>
            {t('res.print')}
          </button>
        ) : null}
        <button type="button" class="button secondary" data-testid="share-summary" onClick={() => void share()}>
          {t('share.button')}
        </button>
      </div>
      <p class="muted" aria-live="polite">
        {status}
      </p>
    </section>
  );
}
