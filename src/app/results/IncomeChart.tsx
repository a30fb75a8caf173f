/**
 * Benefits against the household's monthly counted income, as PolicyEngine draws it: the household's income in hand
 * (income + benefits), all cash benefits, and dibao, as light SVG (no chart library), with a "you are here" dot and
 * the income where dibao stops. Drawn at the pixel width it is shown at, so the labels keep their size (12 px, 18 px
 * in 长辈模式) and nothing is cut off; the caption is worked out from the plotted data and says where the benefits
 * rise as well as where they drop.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { money, type Lang, type T } from '../../shared/format';
import { useI18n } from '../i18n';
import type { Curve } from './model';

/** Whole yuan for the caption and the axes: the curve is an illustration, not an amount to claim. */
const yuan = (n: number, lang: Lang) => money(Math.round(n), lang);
/** Benefits just either side of a jump, to ten yuan (right below a dibao cliff the top-up is a yuan or two). */
const about = (n: number, t: T, lang: Lang) => {
  const r = Math.round(n / 10) * 10;
  return Math.abs(r - n) < 0.5 ? money(r, lang) : t('amount.approx', { value: money(r, lang) });
};

/** The chart's caption, sentence by sentence, from the plotted data. */
export function chartCaption(curve: Curve, t: T, lang: Lang): string[] {
  const out: string[] = [];
  const names = (ids: string[]) => ids.map((id) => t(curve.names[id] ?? id)).join(t('ui.listSeparator'));
  const first = curve.events[0];
  const start = curve.points[0]!;
  // Below the first change: does the income in hand stay about the same while earnings rise (dibao tops up)?
  const beforeFirst = [...curve.points].reverse().find((p) => p.income < (first?.income ?? Infinity));
  if (first && beforeFirst && start.net !== null && beforeFirst.net !== null && beforeFirst.income > start.income) {
    const rise = beforeFirst.net - start.net;
    if (Math.abs(rise) < 0.1 * (beforeFirst.income - start.income)) out.push(t('res.chart.flat', { income: yuan(first.income, lang), net: yuan(beforeFirst.net, lang) }));
  }
  for (const e of curve.events) {
    const what = [e.stopped.length ? t('res.chart.stops', { names: names(e.stopped) }) : '', e.started.length ? t('res.chart.starts', { names: names(e.started) }) : '']
      .filter(Boolean)
      .join(t('ui.listSeparator'));
    out.push(t(e.after > e.before ? 'res.chart.rise' : 'res.chart.drop', { income: yuan(e.income, lang), what, from: about(e.before, t, lang), to: about(e.after, t, lang) }));
  }
  if (!curve.events.length) out.push(t('res.chart.noChange'));
  const h = curve.here;
  out.push(t('res.chart.hereText', { income: yuan(h.income, lang), total: yuan(h.total ?? 0, lang), net: yuan(h.net ?? h.income, lang) }));
  return out;
}

/** The rendered width of an element, following resizes (320 until measured, and where ResizeObserver is missing). */
function useWidth(): [{ current: HTMLElement | null }, number] {
  const ref = useRef<HTMLElement>(null);
  const [w, setW] = useState(320);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setW(Math.max(240, Math.round(el.getBoundingClientRect().width) || 320));
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, w];
}

/** Round axis steps: 1, 2 or 5 × a power of ten. */
function niceStep(max: number, count: number): number {
  const raw = max / count;
  const p = 10 ** Math.floor(Math.log10(raw || 1));
  return [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? p * 10;
}

export function IncomeChart({ curve }: { curve: Curve }) {
  const { t, lang } = useI18n();
  const [box, width] = useWidth();
  const elder = typeof document !== 'undefined' && document.documentElement.classList.contains('elder');
  const font = elder ? 18 : 12;
  const dataMaxX = curve.points[curve.points.length - 1]!.income || 1;
  const topY = Math.max(1, ...curve.points.map((p) => Math.max(p.net ?? 0, p.total ?? 0)), curve.here.net ?? 0);
  const yStep = niceStep(topY, 3);
  const maxY = Math.ceil(topY / yStep) * yStep;
  const yTicks = Array.from({ length: Math.round(maxY / yStep) + 1 }, (_, i) => i * yStep);
  // Room for the longest y label, the x labels and the axis title, at the font size used.
  const labelWidth = Math.max(...yTicks.map((v) => yuan(v, lang).length)) * font * 0.62;
  const pad = { l: Math.ceil(labelWidth + 8), r: Math.ceil(font * 1.6), t: Math.ceil(font * 0.8), b: Math.ceil(font * 3.2) };
  // As many x labels as fit side by side (the last one is set flush right, so each needs 1.6 labels of room): at
  // 长辈模式's size three of them ran into each other. (Sized for twice the last income: where the axis can end.)
  const xLabelWidth = yuan(dataMaxX * 2, lang).length * font * 0.62;
  const xStep = niceStep(dataMaxX, Math.max(1, Math.min(3, Math.floor((width - pad.l - pad.r) / (xLabelWidth * 1.6)))));
  // The axis ends on a round figure, so the last income has its label.
  const maxX = Math.ceil(dataMaxX / xStep) * xStep;
  const xTicks = Array.from({ length: Math.round(maxX / xStep) + 1 }, (_, i) => i * xStep);
  const height = Math.round(Math.max(200, width * 0.62) + (elder ? 40 : 0));
  const x = (v: number) => pad.l + (v / maxX) * (width - pad.l - pad.r);
  const y = (v: number) => height - pad.b - (v / maxY) * (height - pad.t - pad.b);
  const path = (key: 'dibao' | 'total' | 'net') => {
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
  const caption = chartCaption(curve, t, lang);
  return (
    <figure class="chart" ref={box}>
      <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby="chart-title chart-desc" style={{ fontSize: `${font}px` }}>
        <title id="chart-title">{t('res.chart.title')}</title>
        <desc id="chart-desc">{caption.join(' ')}</desc>
        {yTicks.map((v) => (
          <line class="grid" x1={pad.l} y1={y(v)} x2={width - pad.r} y2={y(v)} key={`g${v}`} />
        ))}
        <line class="axis" x1={pad.l} y1={height - pad.b} x2={width - pad.r} y2={height - pad.b} />
        <line class="axis" x1={pad.l} y1={pad.t} x2={pad.l} y2={height - pad.b} />
        {xTicks.map((v, i) => (
          <text class="tick" x={x(v)} y={height - pad.b + font + 4} text-anchor={i === 0 ? 'start' : x(v) > width - pad.r - font * 2 ? 'end' : 'middle'} key={`x${v}`}>
            {yuan(v, lang)}
          </text>
        ))}
        {yTicks.map((v) => (
          <text class="tick" x={pad.l - 4} y={y(v) + font * 0.35} text-anchor="end" key={`y${v}`}>
            {yuan(v, lang)}
          </text>
        ))}
        {curve.cliff !== null && curve.cliff <= maxX ? <line class="cliff" x1={x(curve.cliff)} y1={pad.t} x2={x(curve.cliff)} y2={height - pad.b} /> : null}
        <path class="line net" d={path('net')} />
        <path class="line total" d={path('total')} />
        <path class="line dibao" d={path('dibao')} />
        {curve.here.total !== null ? <circle class="here" cx={x(curve.here.income)} cy={y(curve.here.total)} r={elder ? 7 : 5} /> : null}
        <text class="axis-label" x={(width + pad.l - pad.r) / 2} y={height - 4} text-anchor="middle">
          {t('res.chart.x')}
        </text>
      </svg>
      <figcaption>
        <span class="keys">
          <span class="key net">{t('res.chart.net')}</span>
          <span class="key total">{t('res.chart.total')}</span>
          <span class="key dibao">{t('res.chart.dibao')}</span>
          <span class="key here">{t('res.chart.here')}</span>
        </span>
        {caption.map((c, i) => (
          <span class="chart-note" key={i}>
            {c}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
