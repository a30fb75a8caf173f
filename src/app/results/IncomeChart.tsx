/**
 * The dibao amount and the household's cash total against monthly counted income, as light SVG (no chart library):
 * a step line for each, a "you are here" dot, and the cliff where dibao — and what depends on it — stops.
 */
import { money } from '../../shared/format';
import { useI18n } from '../i18n';
import type { Curve } from './model';

const W = 320;
const H = 200;
const PAD = { l: 44, r: 10, t: 12, b: 34 };

export function IncomeChart({ curve }: { curve: Curve }) {
  const { t, lang } = useI18n();
  const maxX = curve.points[curve.points.length - 1]!.income || 1;
  const maxY = Math.max(1, ...curve.points.map((p) => Math.max(p.total ?? 0, p.dibao ?? 0)), curve.here.total ?? 0) * 1.1;
  const x = (v: number) => PAD.l + (v / maxX) * (W - PAD.l - PAD.r);
  const y = (v: number) => H - PAD.b - (v / maxY) * (H - PAD.t - PAD.b);
  const path = (key: 'dibao' | 'total') => {
    let d = '';
    let prev: number | null = null;
    for (const p of curve.points) {
      const v = p[key];
      if (v === null) continue;
      // Steps, so a cliff shows as a drop rather than a slope.
      d += prev === null ? `M${x(p.income).toFixed(1)},${y(v).toFixed(1)}` : `H${x(p.income).toFixed(1)}V${y(v).toFixed(1)}`;
      prev = v;
    }
    return d;
  };
  const ticks = [0, 0.5, 1].map((f) => Math.round((maxX * f) / 10) * 10);
  const yTicks = [0, 0.5, 1].map((f) => Math.round(((maxY / 1.1) * f) / 10) * 10);
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby="chart-title chart-desc">
        <title id="chart-title">{t('res.chart.title')}</title>
        <desc id="chart-desc">{t('res.chart.desc')}</desc>
        <line class="axis" x1={PAD.l} y1={H - PAD.b} x2={W - PAD.r} y2={H - PAD.b} />
        <line class="axis" x1={PAD.l} y1={PAD.t} x2={PAD.l} y2={H - PAD.b} />
        {ticks.map((v) => (
          <text class="tick" x={x(v)} y={H - PAD.b + 14} text-anchor="middle" key={`x${v}`}>
            {money(v, lang)}
          </text>
        ))}
        {yTicks.map((v) => (
          <text class="tick" x={PAD.l - 4} y={y(v) + 4} text-anchor="end" key={`y${v}`}>
            {money(v, lang)}
          </text>
        ))}
        {curve.cliff !== null && curve.cliff <= maxX ? <line class="cliff" x1={x(curve.cliff)} y1={PAD.t} x2={x(curve.cliff)} y2={H - PAD.b} /> : null}
        <path class="line total" d={path('total')} />
        <path class="line dibao" d={path('dibao')} />
        {curve.here.total !== null ? <circle class="here" cx={x(curve.here.income)} cy={y(curve.here.total)} r="5" /> : null}
        <text class="axis-label" x={(W + PAD.l) / 2} y={H - 4} text-anchor="middle">
          {t('res.chart.x')}
        </text>
      </svg>
      <figcaption>
        <span class="key total">{t('res.chart.total')}</span>
        <span class="key dibao">{t('res.chart.dibao')}</span>
        <span class="key here">{t('res.chart.here')}</span>
        {curve.cliff !== null ? <span class="cliff-note">{t('res.chart.cliff', { amount: money(curve.cliff, lang) })}</span> : null}
      </figcaption>
    </figure>
  );
}
