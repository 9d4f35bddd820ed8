import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { ALERT_LEVELS, type AlertLevel } from '../../shared/alerts/levels';
import { BoardError } from '../../shared/board-api';
import { checkDutyConfig, type DutyConfigProblem } from '../../shared/duty/config-check';
import { DEFAULT_DUTY_CONFIG } from '../../shared/duty/defaults';
import { ALERT_KINDS, REQUEST_CLASSES, type AlertKind, type DutyConfig } from '../../shared/duty/schema';
import type { BoardClient } from '../api/board-client';
import { sendCommand, useCommandIds } from '../api/commands';
import { errorText } from '../format/error-text';
import { DockPanel } from '../ui/DockPanel';
import { useGrant } from '../ui/grant';

/** Each rule's threshold: its unit, or none (the rule carries its own line). */
export const THRESHOLD_UNIT: Readonly<Record<AlertKind, 'minutes' | 'percent' | 'days' | null>> = {
  deadline_risk: 'minutes',
  deadline_missed: null,
  red_request: null,
  vehicle_silent: 'minutes',
  link_down: 'minutes',
  stock_low: null,
  readiness_low: 'percent',
  battery_red_line: 'days',
};

/**
 * The values the division's documents fix (the rest are ours, chosen between them): a red
 * matter answered within 1 hour and closed within 5 days, a yellow one closed within 24 hours,
 * help from the public within 8 minutes, emergency supply within 30.
 */
export const DOCUMENT_VALUES = {
  'levels.red.respondMin': 60,
  'levels.red.closeMin': 5 * 24 * 60,
  'levels.yellow.closeMin': 24 * 60,
  'classes.public_help': 8,
  'classes.emergency': 30,
} as const satisfies Record<string, number>;

/** Problems listed beside 保存 (the footer stays small); the rest are counted, and marked on their fields. */
const SHOWN_PROBLEMS = 4;

/** A number field as typed: '' is none (null), anything else that is not a number stays as typed so the check names it. */
function numberOf(raw: string): number | null {
  const s = raw.trim();
  if (s === '') return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : NaN;
}

const lines = (text: string): string[] =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');

/** What the form holds: the configuration with its numbers and lists as typed. */
type Form = {
  levels: Record<AlertLevel, { respondMin: string; closeMin: string }>;
  rules: Record<AlertKind, { enabled: boolean; level: AlertLevel; threshold: string }>;
  classes: Record<(typeof REQUEST_CLASSES)[number], string>;
  departments: string;
  shifts: { id: string; name: string; start: string; end: string }[];
  teams: string;
  rotationFrom: string;
  timeZone: string;
};

const str = (n: number | null) => (n === null ? '' : String(n));

export function formOf(c: DutyConfig): Form {
  return {
    levels: Object.fromEntries(ALERT_LEVELS.map((l) => [l, { respondMin: str(c.levels[l].respondMin), closeMin: str(c.levels[l].closeMin) }])) as Form['levels'],
    rules: Object.fromEntries(ALERT_KINDS.map((k) => [k, { enabled: c.rules[k].enabled, level: c.rules[k].level, threshold: str(c.rules[k].threshold) }])) as Form['rules'],
    classes: Object.fromEntries(REQUEST_CLASSES.map((k) => [k, String(c.classes[k])])) as Form['classes'],
    departments: c.departments.join('\n'),
    shifts: c.shifts.map((s) => ({ ...s })),
    teams: c.teams.join('\n'),
    rotationFrom: c.rotationFrom,
    timeZone: c.timeZone,
  };
}

/** The configuration the form says (unchecked: checkDutyConfig names what is wrong with it). */
export function configOf(f: Form): unknown {
  return {
    levels: Object.fromEntries(ALERT_LEVELS.map((l) => [l, { respondMin: numberOf(f.levels[l].respondMin), closeMin: numberOf(f.levels[l].closeMin) }])),
    rules: Object.fromEntries(
      ALERT_KINDS.map((k) => [k, { enabled: f.rules[k].enabled, level: f.rules[k].level, threshold: THRESHOLD_UNIT[k] === null ? null : numberOf(f.rules[k].threshold) }]),
    ),
    classes: Object.fromEntries(REQUEST_CLASSES.map((k) => [k, numberOf(f.classes[k])])),
    departments: lines(f.departments),
    shifts: f.shifts.map((s) => ({ id: s.id, name: s.name.trim(), start: s.start, end: s.end })),
    teams: lines(f.teams),
    rotationFrom: f.rotationFrom,
    timeZone: f.timeZone.trim(),
  };
}

/** A problem in the officer's words: a gap or an overlap by its times ("20:00–21:00 不在任何班次"), others by their code. */
export function problemText(t: TFunction, p: Pick<DutyConfigProblem, 'code' | 'message' | 'path'>): string {
  const span = /(\d{2}:\d{2}–\d{2}:\d{2})/.exec(p.message)?.[1];
  if (p.code === 'shift_gap') return span ? t('duty:settings.problem.shift_gap', { span }) : t('duty:settings.problem.shift_gap_day');
  if (p.code === 'shift_overlap') return t('duty:settings.problem.shift_overlap', { span: span ?? t('duty:settings.wholeDay') });
  return t(`duty:settings.problem.${p.code}`, { path: p.path });
}

/**
 * 值班设置 (supervisor, administrator): time limits per level, the alert rules and their
 * thresholds, request classes' deadlines, departments, shifts and teams, the rotation's start
 * and the time zone. Checked as typed by the same rule the backend and the central apply
 * (shared/duty/config-check.ts), so a gap in the shifts is named before saving; the documents'
 * values are marked as such.
 */
export function DutySettingsPanel({ client, onClose }: { client: BoardClient; onClose(): void }) {
  const { t } = useTranslation('duty');
  const grant = useGrant()('duty.configure');
  const commandIds = useCommandIds();
  const [form, setForm] = useState<Form | null>(null);
  const [changed, setChanged] = useState<{ at: number | null; by: string | null }>({ at: null, by: null });
  const [state, setState] = useState<{ busy: boolean; saved: boolean; error: string | null }>({ busy: false, saved: false, error: null });

  useEffect(() => {
    let live = true;
    client.call('duty.settings', {}).then(
      (r) => {
        if (!live) return;
        setForm(formOf(r.config));
        setChanged({ at: r.changedAt, by: r.changedBy });
      },
      (e: unknown) => live && setState({ busy: false, saved: false, error: errorText(t, e) }),
    );
    return () => {
      live = false;
    };
  }, [client, t]);

  const check = useMemo(() => (form ? checkDutyConfig(configOf(form)) : null), [form]);
  const problems = check && !check.ok ? check.problems : [];
  const at = (prefix: string) => problems.filter((p) => p.path === prefix || p.path.startsWith(`${prefix}.`));
  const invalid = (path: string) => (problems.some((p) => p.path === path || p.path.startsWith(`${path}.`)) ? true : undefined);

  const edit = (change: (f: Form) => Form) => {
    setForm((f) => (f ? change(f) : f));
    setState((s) => ({ ...s, saved: false, error: null }));
  };

  const save = async () => {
    if (!check?.ok) return;
    setState({ busy: true, saved: false, error: null });
    try {
      await sendCommand(client, commandIds, 'duty.configure', { config: check.config });
      setState({ busy: false, saved: true, error: null });
    } catch (e) {
      // The backend's refusal names the first problem's code and path: said as the form says it.
      const refusal =
        e instanceof BoardError && e.code === 'bad_settings' && typeof e.params?.code === 'string'
          ? `${t('settings.refused')} ${String(e.params.path ?? '')}: ${problemText(t, { code: e.params.code as DutyConfigProblem['code'], message: e.message, path: String(e.params.path ?? '') })}`
          : errorText(t, e);
      setState({ busy: false, saved: false, error: refusal });
    }
  };

  const doc = (path: keyof typeof DOCUMENT_VALUES) => <span className="duty-doc" title={t('settings.documentHint')}>{t('settings.document', { value: minutesText(t, DOCUMENT_VALUES[path]) })}</span>;

  // In the footer, beside 保存: why it waits stays in view wherever the officer is typing.
  const footer = (
    <>
      {problems.length > 0 ? (
        <ul className="duty-problems" role="alert" data-testid="duty-settings-problems">
          {problems.slice(0, SHOWN_PROBLEMS).map((p, i) => (
            <li key={i} data-code={p.code} data-path={p.path}>
              {problemText(t, p)}
              <span className="small muted"> ({p.path})</span>
            </li>
          ))}
          {problems.length > SHOWN_PROBLEMS ? <li className="muted">{t('settings.moreProblems', { n: problems.length - SHOWN_PROBLEMS })}</li> : null}
        </ul>
      ) : null}
      <div className="button-row">
      <button type="button" className="action-button action-button--primary" data-testid="duty-settings-save" disabled={!check?.ok || state.busy || !grant.ok} title={grant.title} onClick={() => void save()}>
        {t('settings.save')}
      </button>
      <button type="button" className="action-button" data-testid="duty-settings-defaults" onClick={() => edit(() => formOf(DEFAULT_DUTY_CONFIG))}>
        {t('settings.defaults')}
      </button>
      {state.saved ? (
        <span className="ok small" role="status" data-testid="duty-settings-saved">
          {t('settings.saved')}
        </span>
      ) : null}
      </div>
    </>
  );

  return (
    <DockPanel testId="duty-settings-panel" title={t('settings.title')} onClose={onClose} footer={form ? footer : undefined}>
      {state.error ? (
        <div className="inline-error" role="alert" data-testid="duty-settings-error">
          {state.error}
        </div>
      ) : null}
      {form ? (
        <>
          <p className="panel-note muted">
            {changed.at ? t('settings.changed', { by: changed.by ?? '—', at: new Date(changed.at).toLocaleString() }) : t('settings.asDocuments')}
          </p>
          <section className="panel-section" aria-labelledby="duty-levels">
            <h3 className="panel-section__title" id="duty-levels">
              {t('settings.levels')}
            </h3>
            <table className="grid-table duty-table">
              <thead>
                <tr>
                  <th scope="col">{t('settings.level')}</th>
                  <th scope="col">{t('settings.respondMin')}</th>
                  <th scope="col">{t('settings.closeMin')}</th>
                </tr>
              </thead>
              <tbody>
                {(['red', 'orange', 'yellow', 'green'] as const).map((l) => (
                  <tr key={l}>
                    <th scope="row">
                      <span className={`level-dot level--${l}`} aria-hidden="true" /> {t(`settings.levelName.${l}`)}
                    </th>
                    {(['respondMin', 'closeMin'] as const).map((field) => {
                      const path = `levels.${l}.${field}`;
                      return (
                        <td key={field}>
                          <input
                            inputMode="numeric"
                            aria-label={`${t(`settings.levelName.${l}`)} ${t(`settings.${field}`)}`}
                            data-testid={`duty-${l}-${field}`}
                            aria-invalid={invalid(path) ?? invalid(`levels.${l}`)}
                            placeholder={t('settings.none')}
                            value={form.levels[l][field]}
                            onChange={(e) => edit((f) => ({ ...f, levels: { ...f.levels, [l]: { ...f.levels[l], [field]: e.target.value } } }))}
                          />
                          {path in DOCUMENT_VALUES ? doc(path as keyof typeof DOCUMENT_VALUES) : null}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="small muted">{t('settings.minutesHint')}</p>
          </section>

          <section className="panel-section" aria-labelledby="duty-rules">
            <h3 className="panel-section__title" id="duty-rules">
              {t('settings.rules')}
            </h3>
            <table className="grid-table duty-table">
              <thead>
                <tr>
                  <th scope="col">{t('settings.rule')}</th>
                  <th scope="col">{t('settings.level')}</th>
                  <th scope="col">{t('settings.threshold')}</th>
                </tr>
              </thead>
              <tbody>
                {ALERT_KINDS.map((k) => {
                  const r = form.rules[k];
                  const unit = THRESHOLD_UNIT[k];
                  const setRule = (patch: Partial<Form['rules'][AlertKind]>) => edit((f) => ({ ...f, rules: { ...f.rules, [k]: { ...f.rules[k], ...patch } } }));
                  return (
                    <tr key={k} data-rule={k}>
                      <th scope="row">
                        <label className="duty-rule">
                          <input type="checkbox" data-testid={`duty-rule-${k}`} checked={r.enabled} onChange={(e) => setRule({ enabled: e.target.checked })} /> {t(`settings.kind.${k}`)}
                        </label>
                      </th>
                      <td>
                        <select aria-label={`${t(`settings.kind.${k}`)} ${t('settings.level')}`} value={r.level} onChange={(e) => setRule({ level: e.target.value as AlertLevel })}>
                          {ALERT_LEVELS.map((l) => (
                            <option key={l} value={l}>
                              {t(`settings.levelName.${l}`)}
                            </option>
                          ))}
                        </select>
                      </td>
                      <td>
                        {unit ? (
                          <>
                            <input
                              inputMode="numeric"
                              aria-label={`${t(`settings.kind.${k}`)} ${t('settings.threshold')}`}
                              aria-invalid={invalid(`rules.${k}`)}
                              value={r.threshold}
                              onChange={(e) => setRule({ threshold: e.target.value })}
                            />{' '}
                            <span className="unit">{t(`settings.unit.${unit}`)}</span>
                          </>
                        ) : (
                          <span className="muted small">{t('settings.noThreshold')}</span>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </section>

          <section className="panel-section" aria-labelledby="duty-classes">
            <h3 className="panel-section__title" id="duty-classes">
              {t('settings.classes')}
            </h3>
            <div className="form-grid">
              {REQUEST_CLASSES.map((k) => (
                <ClassField key={k} k={k} form={form} invalid={invalid(`classes.${k}`)} onChange={(v) => edit((f) => ({ ...f, classes: { ...f.classes, [k]: v } }))} doc={`classes.${k}` in DOCUMENT_VALUES ? doc(`classes.${k}` as keyof typeof DOCUMENT_VALUES) : null} />
              ))}
            </div>
          </section>

          <section className="panel-section" aria-labelledby="duty-shifts">
            <h3 className="panel-section__title" id="duty-shifts">
              {t('settings.shifts')}
            </h3>
            {at('shifts').length > 0 ? null : <p className="small ok">{t('settings.shiftsCover')}</p>}
            <table className="grid-table duty-table" data-testid="duty-shifts">
              <thead>
                <tr>
                  <th scope="col">{t('settings.shiftName')}</th>
                  <th scope="col">{t('settings.start')}</th>
                  <th scope="col">{t('settings.end')}</th>
                  <th scope="col">
                    <span className="sr-only">{t('settings.remove')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {form.shifts.map((s, i) => {
                  const setShift = (patch: Partial<Form['shifts'][number]>) => edit((f) => ({ ...f, shifts: f.shifts.map((x, j) => (j === i ? { ...x, ...patch } : x)) }));
                  return (
                    <tr key={i} data-testid="duty-shift-row">
                      <td>
                        <input aria-label={t('settings.shiftName')} data-testid={`duty-shift-${i}-name`} aria-invalid={invalid(`shifts.${i}.name`)} value={s.name} maxLength={60} onChange={(e) => setShift({ name: e.target.value })} />
                      </td>
                      <td>
                        <input inputMode="numeric" placeholder="HH:MM" maxLength={5} aria-label={t('settings.start')} data-testid={`duty-shift-${i}-start`} aria-invalid={invalid(`shifts.${i}.start`) ?? invalid(`shifts.${i}`)} value={s.start} onChange={(e) => setShift({ start: e.target.value })} />
                      </td>
                      <td>
                        <input inputMode="numeric" placeholder="HH:MM" maxLength={5} aria-label={t('settings.end')} data-testid={`duty-shift-${i}-end`} aria-invalid={invalid(`shifts.${i}.end`) ?? invalid(`shifts.${i}`)} value={s.end} onChange={(e) => setShift({ end: e.target.value })} />
                      </td>
                      <td>
                        <button
                          type="button"
                          className="icon-button"
                          aria-label={t('settings.removeShift', { name: s.name })}
                          title={t('settings.removeShift', { name: s.name })}
                          disabled={form.shifts.length <= 1}
                          onClick={() => edit((f) => ({ ...f, shifts: f.shifts.filter((_, j) => j !== i) }))}
                        >
                          ×
                        </button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            <div className="button-row">
              <button
                type="button"
                className="action-button"
                data-testid="duty-shift-add"
                disabled={form.shifts.length >= 6}
                onClick={() =>
                  edit((f) => {
                    const ids = new Set(f.shifts.map((s) => s.id));
                    let n = f.shifts.length + 1;
                    while (ids.has(`shift-${n}`)) n++;
                    const last = f.shifts.at(-1);
                    return { ...f, shifts: [...f.shifts, { id: `shift-${n}`, name: t('settings.newShift', { n }), start: last?.end ?? '00:00', end: last?.end ?? '00:00' }] };
                  })
                }
              >
                {t('settings.addShift')}
              </button>
            </div>
          </section>

          <section className="panel-section" aria-labelledby="duty-teams">
            <h3 className="panel-section__title" id="duty-teams">
              {t('settings.teamsTitle')}
            </h3>
            <div className="form-grid">
              <label htmlFor="duty-teams-field">{t('settings.teams')}</label>
              <div className="form-grid__field">
                <textarea id="duty-teams-field" rows={4} aria-invalid={invalid('teams')} value={form.teams} onChange={(e) => edit((f) => ({ ...f, teams: e.target.value }))} />
              </div>
              <label htmlFor="duty-rotation">{t('settings.rotationFrom')}</label>
              <div className="form-grid__field">
                <input id="duty-rotation" type="date" aria-invalid={invalid('rotationFrom')} value={form.rotationFrom} onChange={(e) => edit((f) => ({ ...f, rotationFrom: e.target.value }))} />
              </div>
              <label htmlFor="duty-zone">{t('settings.timeZone')}</label>
              <div className="form-grid__field">
                <input id="duty-zone" data-testid="duty-time-zone" aria-invalid={invalid('timeZone')} value={form.timeZone} list="duty-zones" onChange={(e) => edit((f) => ({ ...f, timeZone: e.target.value }))} />
                <datalist id="duty-zones">
                  <option value="Asia/Shanghai" />
                  <option value="Asia/Urumqi" />
                  <option value="UTC" />
                </datalist>
              </div>
              <label htmlFor="duty-departments">{t('settings.departments')}</label>
              <div className="form-grid__field">
                <textarea id="duty-departments" rows={4} aria-invalid={invalid('departments')} value={form.departments} onChange={(e) => edit((f) => ({ ...f, departments: e.target.value }))} />
              </div>
            </div>
            <p className="small muted">{t('settings.oneALine')}</p>
          </section>
        </>
      ) : null}
    </DockPanel>
  );
}

function ClassField({ k, form, invalid, onChange, doc }: { k: (typeof REQUEST_CLASSES)[number]; form: Form; invalid: true | undefined; onChange(v: string): void; doc: React.ReactNode }) {
  const { t } = useTranslation('duty');
  const id = `duty-class-${k}`;
  return (
    <>
      <label htmlFor={id}>{t(`settings.class.${k}`)}</label>
      <div className="form-grid__field">
        <input id={id} data-testid={id} inputMode="numeric" aria-invalid={invalid} value={form.classes[k]} onChange={(e) => onChange(e.target.value)} />
        <span className="unit">{t('settings.unit.minutes')}</span>
        {doc}
      </div>
    </>
  );
}

/** 7200 minutes read as "5 天", 1440 as "24 小时" (as the documents say it), 60 as "1 小时", 8 as "8 分钟". */
export function minutesText(t: TFunction, min: number): string {
  if (min > 1440 && min % 1440 === 0) return t('duty:settings.days', { n: min / 1440 });
  if (min % 60 === 0) return t('duty:settings.hours', { n: min / 60 });
  return t('duty:settings.minutes', { n: min });
}
