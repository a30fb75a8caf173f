/** Next to an amount: each figure behind it that was entered on this device or comes from a region file. */
import type { ProgrammeResult } from '../../engine/report';
import { enteredFigures, enteredFigureText } from '../../shared/figures';
import { useI18n } from '../i18n';

export function EnteredFigures({ p }: { p: Pick<ProgrammeResult, 'figures' | 'status'> }) {
  const { t, lang } = useI18n();
  const list = p.status === 'ineligible' ? [] : enteredFigures(p.figures);
  if (list.length === 0) return null;
  return (
    <>
      {list.map((f) => (
        <p class={`entered-figure ${f.strength}`} data-testid="entered-figure" key={f.id}>
          {enteredFigureText(f, t, lang)}
        </p>
      ))}
    </>
  );
}
