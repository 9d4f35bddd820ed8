import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatDay } from './asset-view';
import { formatRate } from '../format/number';
import { trendDomain, trendRows, trendSummary, type Trend } from './readiness-view';

/** The line's colour, and the target's (as renderer/reports/ReportChart.tsx draws its targets). */
const LINE = '#3b9bff';
const TARGET = '#f0b429';

/**
 * 近30天完好率 as a line against the 98% target (dashed). Not by colour or shape alone: the
 * chart's own accessibility layer (arrow keys move its tooltip), a one-line summary as its
 * description and in view, the values as a table (visually hidden), and how far back the
 * kept timelines reach in words.
 */
export function ReadinessTrendChart({ trend, of = null, onWhole }: { trend: Trend; /** A class's or a site's name when the line is theirs. */ of?: string | null; onWhole?(): void }) {
  const { t } = useTranslation('assets');
  const summaryId = useId();
  const rows = trendRows(trend.points);
  const targetPct = Math.round(trend.target * 10_000) / 100;
  const s = trendSummary(trend);
  const title = of === null ? t('trend.title', { days: trend.points.length }) : t('trend.titleOf', { days: trend.points.length, name: of });
  const summary = s ? t('trend.summary', s) : t('trend.none');
  return (
    <figure className="readiness-trend" data-testid="readiness-trend" aria-describedby={summaryId}>
      <figcaption className="readiness-trend__title" data-testid="readiness-trend-title">
        {title}
        {of !== null && onWhole ? (
          <button type="button" className="link-button readiness-trend__whole" data-testid="readiness-trend-whole" onClick={onWhole}>
            {t('trend.whole')}
          </button>
        ) : null}
        <span className="readiness-trend__legend muted small">
          <span className="readiness-trend__key readiness-trend__key--line" aria-hidden="true" /> {t('trend.rate')}
          <span className="readiness-trend__key readiness-trend__key--target" aria-hidden="true" /> {t('trend.target', { target: formatRate(trend.target) })}
        </span>
      </figcaption>
      <p id={summaryId} className="small" data-testid="readiness-trend-summary">
        {summary}
      </p>
      <div className="readiness-trend__plot">
        <ResponsiveContainer width="100%" height={140}>
          <LineChart data={rows} margin={{ top: 6, right: 10, bottom: 0, left: -12 }} accessibilityLayer title={title} desc={summary}>
            <CartesianGrid strokeDasharray="2 3" stroke="rgba(255,255,255,0.12)" vertical={false} />
            <XAxis dataKey="label" interval="preserveStartEnd" minTickGap={24} tick={{ fontSize: 10, fill: '#9fb0c7' }} tickLine={false} />
            <YAxis domain={trendDomain(rows, targetPct)} tickFormatter={(v: number) => `${v}%`} tick={{ fontSize: 10, fill: '#9fb0c7' }} tickLine={false} axisLine={false} width={48} allowDecimals={false} />
            <Tooltip
              contentStyle={{ background: '#162131', border: '1px solid #2b3a50', fontSize: 12 }}
              formatter={(v) => (typeof v === 'number' ? `${v.toFixed(2)}%` : '—')}
              labelFormatter={(label) => String(label)}
            />
            <ReferenceLine y={targetPct} stroke={TARGET} strokeDasharray="5 4" ifOverflow="extendDomain" />
            <Line type="monotone" dataKey="rate" name={t('trend.rate')} stroke={LINE} strokeWidth={2} dot={{ r: 1.5 }} connectNulls={false} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
      <p className="small muted" data-testid="readiness-trend-complete">
        {trend.completeFrom === null
          ? t('trend.complete', { days: trend.points.length })
          : t('trend.partial', { from: formatDay(trend.completeFrom), count: trend.truncatedAssets })}
        {trend.inconsistent > 0 ? ` ${t('trend.inconsistent', { count: trend.inconsistent })}` : ''}
      </p>
      <table className="sr-only" data-testid="readiness-trend-table">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">{t('trend.day')}</th>
            <th scope="col">{t('trend.rate')}</th>
            <th scope="col">{t('readiness.ready')}</th>
            <th scope="col">{t('readiness.inService')}</th>
          </tr>
        </thead>
        <tbody>
          {trend.points.map((p) => (
            <tr key={p.at}>
              <th scope="row">{formatDay(p.at).slice(0, 10)}</th>
              <td>{formatRate(p.rate)}</td>
              <td>{p.ready}</td>
              <td>{p.inService}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
