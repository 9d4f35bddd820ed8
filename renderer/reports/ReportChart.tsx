import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ALERT_LEVEL_RGBA, cssColor, RUN_COLORS } from '../../shared/palette';
import { chartSummary, type ChartDef } from './report-view';

/** The bars' colour (one figure), and the stacks' (items: the plan run hues; alerts: their level's colour). */
const SINGLE = '#3b9bff';
const TARGET = '#f0b429';

/**
 * One figure over the period's buckets, as bars (recharts). Keyboard and screen readers get
 * the same numbers: the chart's own accessibility layer (arrow keys move its tooltip), a
 * one-line summary as its description, and the values as a table beside it, visually hidden.
 */
export function ReportChart({ chart, title, format }: { chart: ChartDef; title: string; format(n: number): string }) {
  const { t } = useTranslation('reports');
  const summaryId = useId();
  const summary = chartSummary(chart, title, t, format);
  const stacked = chart.stacks.length > 1;
  const colour = (s: ChartDef['stacks'][number], i: number) => (s.level ? cssColor(ALERT_LEVEL_RGBA[s.level]) : stacked ? cssColor(RUN_COLORS[i % RUN_COLORS.length]!) : SINGLE);
  return (
    <figure className="report-chart" data-testid={`report-chart-${chart.id}`} aria-describedby={summaryId}>
      <figcaption className="report-chart__title">{title}</figcaption>
      <p id={summaryId} className="sr-only">
        {summary}
      </p>
      {chart.hasData ? (
        <div className="report-chart__plot" aria-hidden="false">
          <ResponsiveContainer width="100%" height={120}>
            <BarChart data={chart.rows} margin={{ top: 4, right: 8, bottom: 0, left: -18 }} accessibilityLayer title={title} desc={summary}>
              <CartesianGrid strokeDasharray="2 3" stroke="rgba(255,255,255,0.12)" vertical={false} />
              <XAxis dataKey="label" interval={chart.rows.length > 16 ? 'preserveStartEnd' : 0} tick={{ fontSize: 10, fill: '#9fb0c7' }} tickLine={false} />
              <YAxis allowDecimals={!['dispatches', 'delivered', 'moved', 'alerts'].includes(chart.id)} tick={{ fontSize: 10, fill: '#9fb0c7' }} tickLine={false} axisLine={false} width={44} />
              <Tooltip
                cursor={{ fill: 'rgba(255,255,255,0.06)' }}
                contentStyle={{ background: '#162131', border: '1px solid #2b3a50', fontSize: 12 }}
                formatter={(v) => (typeof v === 'number' ? format(v) : String(v ?? '—'))}
              />
              {chart.target !== undefined ? <ReferenceLine y={chart.target} stroke={TARGET} strokeDasharray="4 3" ifOverflow="extendDomain" /> : null}
              {chart.stacks.map((s, i) => (
                <Bar key={s.key} dataKey={s.key} name={s.name} stackId={stacked ? 'stack' : undefined} fill={colour(s, i)} isAnimationActive={false} />
              ))}
            </BarChart>
          </ResponsiveContainer>
        </div>
      ) : (
        <div className="report-chart__none muted small">{t('chart.summaryNone', { title })}</div>
      )}
      <table className="sr-only" data-testid={`report-chart-${chart.id}-table`}>
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">{t('chart.bucket')}</th>
            {chart.stacks.map((s) => (
              <th key={s.key} scope="col">
                {chart.stacks.length > 1 ? s.name : t('chart.value')}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {chart.rows.map((r) => (
            <tr key={r.bucket}>
              <th scope="row">{r.bucket}</th>
              {chart.stacks.map((s) => {
                const v = r[s.key];
                return <td key={s.key}>{typeof v === 'number' ? format(v) : '—'}</td>;
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
