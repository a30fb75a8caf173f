/**
 * The results headline: what the household can apply for, in the period it is paid in — monthly amounts added up,
 * minimums listed on their own ("at least"), yearly grants per year (never divided into cents a month), one-off
 * payments, and the programmes whose amount is set locally, by name. Shared by the results page and the printout.
 */
import type { Amount } from '../../engine/report';
import { formatAmountValue, money, type Lang, type T } from '../../shared/format';
import { horizonText } from '../../shared/horizon';
import { useI18n } from '../i18n';
import type { Headline as Model, HeadlineItem } from './model';

function value(a: Amount, t: T, lang: Lang): string {
  if (a.exactness === 'floor') return t('amount.atLeast', { value: money(a.min ?? 0, lang) });
  return formatAmountValue(a, t, lang);
}

function Items({ items, per }: { items: HeadlineItem[]; per: 'month' | 'year' | 'once' }) {
  const { t, lang } = useI18n();
  return (
    <ul class="plain headline-items">
      {items.map((i) => (
        <li key={i.id} data-headline={i.id}>
          <span class="name">{t(i.name)}</span> <span class="value">{per === 'once' ? value(i.amount, t, lang) : t(`per.${per}`, { amount: value(i.amount, t, lang) })}</span>
          {per === 'once' && i.id === 'medical-aid' ? <span class="muted"> {t('res.headline.fromBill')}</span> : null}
        </li>
      ))}
    </ul>
  );
}

export function Headline({ h, undetermined }: { h: Model; undetermined: number }) {
  const { t, lang } = useI18n();
  const nothing = !h.monthly.length && !h.atLeast.length && !h.yearly.length && !h.once.length && !h.setLocally.length;
  return (
    <section class="card total" data-testid="headline">
      <h3>{t('res.total')}</h3>
      {h.monthlyTotal ? (
        <>
          <p class="big" data-testid="monthly-total">
            {t('res.total.perMonth', { amount: formatAmountValue(h.monthlyTotal, t, lang) })}
          </p>
          {h.monthly.length > 1 ? <Items items={h.monthly} per="month" /> : <p class="muted">{t(h.monthly[0]!.name)}</p>}
        </>
      ) : null}
      {h.atLeast.length ? (
        <div class="headline-part" data-testid="at-least">
          <h4>{t('res.headline.atLeast')}</h4>
          <Items items={h.atLeast} per="month" />
          <p class="help">{t('res.headline.atLeast.help')}</p>
        </div>
      ) : null}
      {h.yearly.length ? (
        <div class="headline-part" data-testid="yearly">
          <h4>{h.yearlyTotal && h.yearly.length > 1 ? t('res.headline.yearlyTotal', { amount: formatAmountValue(h.yearlyTotal, t, lang) }) : t('res.headline.yearly')}</h4>
          <Items items={h.yearly} per="year" />
        </div>
      ) : null}
      {h.once.length ? (
        <div class="headline-part" data-testid="once">
          <h4>{t('res.headline.once')}</h4>
          <Items items={h.once} per="once" />
        </div>
      ) : null}
      {h.setLocally.length ? (
        <div class="headline-part" data-testid="set-locally">
          <h4>{t('res.headline.setLocally')}</h4>
          <p>{h.setLocally.map((i) => t(i.name)).join(t('ui.listSeparator'))}</p>
          <p class="help">{t('amount.unknownHint')}</p>
        </div>
      ) : null}
      {h.alternatives.length ? (
        <div class="headline-part" data-testid="alternatives">
          <h4>{t('res.headline.alternatives')}</h4>
          <p>{h.alternatives.map((i) => t(i.name)).join(t('ui.listSeparator'))}</p>
          <p class="help">{t('res.headline.alternatives.help')}</p>
        </div>
      ) : null}
      {nothing ? <p class="big-none">{undetermined ? t('res.headline.noneYet', { count: undetermined }) : t('res.headline.none')}</p> : null}
      {h.pastHorizon ? <p class="help" data-testid="past-horizon">{t('res.headline.pastHorizon', { horizon: horizonText(h.pastHorizon, t) })}</p> : null}
      {h.already ? <p class="muted">{t('res.headline.already', { count: h.already })}</p> : null}
    </section>
  );
}
