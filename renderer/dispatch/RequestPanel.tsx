import { DEFAULT_DUTY_CONFIG } from '../../shared/duty/defaults';
import { REQUEST_CLASSES, type RequestClass } from '../../shared/duty/schema';
import { useCallback, useEffect, useMemo, useRef, useState, type FocusEvent, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { BoardError, type DispatchPlanView, type PlanResultView } from '../../shared/board-api';
import { ALERT_LEVELS, type AlertLevel, type ItemType, type Site, type SupplyRequest, type Vehicle } from '../../shared/domain';
import { joinList } from '../format/list';
import type { BoardClient } from '../api/board-client';
import { sendCommand, useCommandIds } from '../api/commands';
import { formatClock, formatDuration } from '../format/duration';
import { errorText } from '../format/error-text';
import { numberFormat } from '../format/number';
import { currentLanguage } from '../i18n';
import type { MapPoint, RoadFeature } from '../map/board-map';
import { DockPanel } from '../ui/DockPanel';
import type { PendingMarks } from '../ui/pending-marks';
import { PendingMark } from '../ui/PendingMark';
import { canCancelRequest } from './cancel';
import { Combobox } from './Combobox';
import { useCityNames } from './use-city-names';
import { nearestStreetName, searchPlaces, streetsFromFeatures, streetsToSearch, type Place, type Street } from './destination-search';
import { marginLevel } from './margin';
import { acceptRunsOf, checkEditRuns, editVerdict, mayAccept, quantityDifferences, retimedAcceptRuns, retimedPlan, toEditRuns, type AcceptRun, type EditError, type EditRun, type Retimed } from './plan-edit';
import { useRetime, type RetimeTarget } from './use-retime';
import { PlanEditor, type VehicleChoice } from './PlanEditor';
import { PlanList, type PlanNames } from './PlanList';
import { requestTarget } from './queue';
import type { DraftStore, RequestFormDraft } from './request-draft';
import {
  DEFAULT_DEADLINE_MIN,
  matchItems,
  MAX_NOTE,
  MAX_REQUESTER,
  parseCoordinates,
  validateRequest,
  type Bounds,
  type Destination,
  type FieldError,
  type ItemRow,
  type ValidRequest,
} from './request-input';

/** The plans the board asks for (dispatch.plan maxPlans): fewer shown means no other plan arrives in time. */
const MAX_PLANS_SHOWN = 3;

/**
 * Plans resting on vehicle positions older than this say how old they are (an outage, a
 * silent vehicle): vehicles report every few seconds, so half a minute is already news.
 */
const OLD_POSITIONS_S = 30;
/** Typing pauses this long before plans are asked for (they answer in ~10–30 ms). */
const PLAN_DEBOUNCE_MS = 250;
/** Plan failures that mean the destination itself is unusable: the request is not recorded. */
const DESTINATION_FAILURES = new Set(['out_of_bounds', 'off_network', 'unreachable']);

export type RequestDraft = {
  destination: { lon: number; lat: number } | null;
  plan: DispatchPlanView | null;
  /** The plan as edited (runs with their pickups), when the officer is editing. */
  editing: boolean;
};

type RequestPanelProps = {
  client: BoardClient;
  items: readonly ItemType[];
  sites: readonly Site[];
  vehicles: readonly Vehicle[];
  bounds: Bounds;
  /** Dispatch a request already recorded (from the queue); null for a new request. */
  existing: SupplyRequest | null;
  pending: PendingMarks;
  pickMode: boolean;
  onPickMode(on: boolean): void;
  /** The last point clicked in pick mode; `seq` tells a new click from a re-render. */
  picked: (MapPoint & { seq: number }) | null;
  roadFeatures(): RoadFeature[];
  vehicleDistanceKm(vehicleId: string, lon: number, lat: number): number | null;
  onDraft(draft: RequestDraft): void;
  onDispatched(requestId: string): void;
  /** Ask for the reason and confirmation of cancelling the request shown. */
  onCancelRequest(requestId: string): void;
  /** Where a new request's half-filled form is kept while the panel is closed. */
  drafts: DraftStore;
  onClose(): void;
};

type PlanState =
  | { status: 'loading'; previous: PlanResultView | null }
  | { status: 'done'; result: PlanResultView; at: number }
  | { status: 'error'; message: string }
  | null;

type Recorded = { id: string; request: ValidRequest };

const emptyRow = (): ItemRow => ({ text: '', itemId: null, quantity: '' });

/**
 * New supply request (新建需求) and its dispatch: destination, items, priority; the
 * recommended plans appear as soon as the request is valid; Enter records the request,
 * Enter on the plans dispatches the selected one (or its edited runs). Keyboard first:
 * suggestions with ↑/↓/Enter, Tab through the fields, Esc cancels.
 */
export function RequestPanel(props: RequestPanelProps) {
  const { client, items, sites, vehicles, existing, pending } = props;
  const { t, i18n } = useTranslation('dispatch');
  const commandIds = useCommandIds();
  const language = currentLanguage(i18n);
  const num = numberFormat(language);

  // --- the form (a new request opens the draft left when the panel last closed)
  const [restored] = useState<RequestFormDraft | null>(() => (existing ? null : props.drafts.get()));
  const [destText, setDestText] = useState(restored?.destText ?? '');
  const [destination, setDestination] = useState<Destination | null>(restored?.destination ?? null);
  const [rows, setRows] = useState<ItemRow[]>(restored?.rows ?? [emptyRow()]);
  const [priority, setPriority] = useState<AlertLevel>(restored?.priority ?? 'yellow');
  const [deadline, setDeadline] = useState(restored?.deadline ?? String(DEFAULT_DEADLINE_MIN));
  const [requestClass, setRequestClass] = useState<RequestClass>(restored?.requestClass ?? 'emergency');
  // Each class's deadline as the duty settings say (the documents' until they load).
  const [classMinutes, setClassMinutes] = useState(DEFAULT_DUTY_CONFIG.classes);
  useEffect(() => {
    let live = true;
    client
      .call('duty.settings', {})
      .then((s) => live && setClassMinutes(s.config.classes))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [client]);
  const chooseClass = (c: RequestClass) => {
    setRequestClass(c);
    setDeadline(String(classMinutes[c]));
  };
  const [requester, setRequester] = useState(restored?.requester ?? '');
  const [note, setNote] = useState(restored?.note ?? '');
  const [draftNotice, setDraftNotice] = useState(restored !== null);
  const [showErrors, setShowErrors] = useState(false);
  const [createError, setCreateError] = useState<string | null>(null);
  const [recorded, setRecorded] = useState<Recorded | null>(null);
  const [busy, setBusy] = useState(false);

  // --- the plans
  const [plan, setPlan] = useState<PlanState>(null);
  const [replan, setReplan] = useState(0);
  const [selected, setSelected] = useState(0);
  const [acceptError, setAcceptError] = useState<string | null>(null);
  const [editing, setEditing] = useState<EditRun[] | null>(null);
  const [editErrors, setEditErrors] = useState<EditError[]>([]);
  const [siteStock, setSiteStock] = useState<Map<string, number> | null>(null);
  /** The officer ticked "draw on safety stock" for the edited runs as they are now. */
  const [confirmSafety, setConfirmSafety] = useState(false);

  /** Where the keyboard is: Enter means the form's button there, the plans' button here. */
  const [enterScope, setEnterScope] = useState<'form' | 'plans' | null>(null);

  const destRef = useRef<HTMLInputElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const plansRef = useRef<HTMLElement>(null);
  const itemRefs = useRef<(HTMLInputElement | null)[]>([]);
  const qtyRefs = useRef<(HTMLInputElement | null)[]>([]);
  const planListRef = useRef<HTMLDivElement>(null);
  const focusNext = useRef<{ kind: 'item' | 'qty'; index: number } | null>(null);
  const streetsRef = useRef<{ features: RoadFeature[]; streets: Street[] } | null>(null);
  /** The city's street and place names (built at import): the search covers the whole city, not only the loaded tiles. */
  const cityNames = useCityNames(client);

  const recordId = existing?.id ?? recorded?.id ?? null;
  const itemById = useMemo(() => new Map(items.map((i) => [i.id, i])), [items]);
  const siteById = useMemo(() => new Map(sites.map((s) => [s.id, s])), [sites]);
  const vehicleById = useMemo(() => new Map(vehicles.map((v) => [v.id, v])), [vehicles]);

  const names: PlanNames = useMemo(
    () => ({
      site: (id) => {
        const s = siteById.get(id);
        return s ? (language === 'en' ? s.nameEn : s.name) : id;
      },
      item: (id) => {
        const i = itemById.get(id);
        return i ? (language === 'en' ? i.nameEn : i.name) : id;
      },
      unit: (id) => {
        const i = itemById.get(id);
        return i ? (language === 'en' ? ` ${i.unitEn}` : i.unit) : '';
      },
      vehicle: (id) => {
        const v = vehicleById.get(id);
        return v ? { plate: v.plate, kind: t(`format:vehicleKind.${v.kind}`) } : null;
      },
    }),
    [siteById, itemById, vehicleById, language, t],
  );

  /** Street names come from the tiles loaded now; read them once per panel. */
  const streets = useCallback((): { features: RoadFeature[]; streets: Street[] } => {
    if (!streetsRef.current || streetsRef.current.features.length === 0) {
      const features = props.roadFeatures();
      streetsRef.current = { features, streets: streetsFromFeatures(features) };
    }
    return streetsRef.current;
  }, [props.roadFeatures]);

  // The form is kept as typed until the request is recorded (then there is nothing to lose).
  const { drafts } = props;
  useEffect(() => {
    if (existing || recorded) return;
    drafts.set({ destText, destination, rows, priority, deadline, requestClass, requester, note });
  }, [existing, recorded, drafts, destText, destination, rows, priority, deadline, requestClass, requester, note]);
  const clearDraft = () => {
    drafts.set(null);
    setDestText('');
    setDestination(null);
    setRows([emptyRow()]);
    setPriority('yellow');
    setRequestClass('emergency');
    setDeadline(String(classMinutes.emergency));
    setRequester('');
    setNote('');
    setShowErrors(false);
    setDraftNotice(false);
    destRef.current?.focus();
  };

  /**
   * A point as the queue will name it: the nearest street's name, and the coordinates in
   * the one order the board uses everywhere, longitude first (经度,纬度, as typed).
   */
  const pointLabel = useCallback(
    (lon: number, lat: number): string => {
      const coords = t('request.lonLat', { lon: lon.toFixed(5), lat: lat.toFixed(5) });
      const street = nearestStreetName(streets().features, lon, lat);
      return street ? t('request.nearStreet', { street, coords }) : coords;
    },
    [t, streets],
  );

  const check = useMemo(
    () => validateRequest({ destination, rows, priority, requester, note, deadline, requestClass }, items),
    [destination, rows, priority, requester, note, deadline, requestClass, items],
  );

  // What to plan for: the recorded request, or the form once it is valid.
  // A recorded request is planned against the time it has left when the panel opens; read
  // once, so that data reloads (a new object each time) do not re-plan under the officer.
  const existingInput = useMemo(() => {
    if (!existing) return null;
    const minutes = Math.max(1, Math.min(1440, Math.floor((existing.deadlineAt - Date.now()) / 60_000)));
    return { destination: { lon: existing.destination.lon, lat: existing.destination.lat }, items: existing.items, priority: existing.priority, deadlineMinutes: minutes };
  }, [existing?.id]);
  const planInput = useMemo(() => {
    if (existingInput) return existingInput;
    const r = recorded?.request ?? (check.ok ? check.value : null);
    if (!r) return null;
    return { destination: { lon: r.destination.lon, lat: r.destination.lat }, items: r.items, priority: r.priority, deadlineMinutes: r.deadlineMinutes };
  }, [existingInput, recorded, check]);
  const planKey = planInput ? JSON.stringify(planInput) : '';

  useEffect(() => {
    if (!planInput) {
      setPlan(null);
      return;
    }
    let live = true;
    setPlan((p) => ({ status: 'loading', previous: p?.status === 'done' ? p.result : p?.status === 'loading' ? p.previous : null }));
    const timer = setTimeout(() => {
      client.call('dispatch.plan', planInput).then(
        (result) => {
          if (!live) return;
          setPlan({ status: 'done', result, at: Date.now() });
          setSelected(0);
        },
        (error: unknown) => live && setPlan({ status: 'error', message: errorText(t, error) }),
      );
    }, PLAN_DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // planKey stands for planInput's content; a new object with the same content is not a new question.
  }, [planKey, replan, client]);

  const shown: PlanResultView | null = plan?.status === 'done' ? plan.result : plan?.status === 'loading' ? plan.previous : null;
  const plans = shown?.ok ? shown.plans : [];
  const current = plans[Math.min(selected, plans.length - 1)] ?? null;
  const failure = shown && !shown.ok ? shown : null;
  const destinationFailure = failure && DESTINATION_FAILURES.has(failure.reason) ? failure : null;

  // The map draws the destination and the selected plan.
  const { onDraft } = props;
  const d = existing?.destination ?? recorded?.request.destination ?? destination;
  // By value: the recorded request is a new object after every data reload, and the map
  // must not move for that.
  const draftLon = d?.lon ?? null;
  const draftLat = d?.lat ?? null;
  useEffect(() => () => onDraft({ destination: null, plan: null, editing: false }), [onDraft]);

  // A point picked on the map becomes the destination.
  const pickedSeq = props.picked?.seq;
  useEffect(() => {
    const p = props.picked;
    if (!p || recordId) return;
    const site = p.siteId ? siteById.get(p.siteId) : undefined;
    let label: string;
    if (site) label = language === 'en' ? site.nameEn : site.name;
    else label = pointLabel(p.lon, p.lat);
    setDestination({ lon: p.lon, lat: p.lat, label, source: site ? 'site' : 'map', ...(site ? { siteId: site.id } : {}) });
    setDestText(label);
    props.onPickMode(false);
    focusNext.current = { kind: 'item', index: 0 };
    // Only a new click counts, not a re-render with the same one.
  }, [pickedSeq]);

  const existingId = existing?.id ?? null;
  // Set when the plans should take the focus as soon as they are shown (they may still be computing).
  const plansWantFocus = useRef(false);
  useEffect(() => {
    if (!existingId) destRef.current?.focus();
    else plansWantFocus.current = true;
  }, [existingId]);

  // Focus moves on after a choice (destination → first item → its quantity), once rendered.
  useEffect(() => {
    if (plansWantFocus.current && planListRef.current) {
      plansWantFocus.current = false;
      planListRef.current.focus();
    }
    const next = focusNext.current;
    if (!next) return;
    // The field may not be mounted in this render yet (a slow machine): keep asking until it is.
    const field = next.kind === 'item' ? itemRefs.current[next.index] : qtyRefs.current[next.index];
    if (!field) return;
    focusNext.current = null;
    field.focus();
  });

  // --- the destination field
  const places = useMemo(() => {
    if (!destText.trim() || (destination && destination.label === destText)) return [];
    // The loaded tiles are read even with the index: their lines name a point picked on the map.
    const tiles = streets();
    return searchPlaces(destText, sites, streetsToSearch(cityNames.streets, () => tiles.streets), language, cityNames.places);
  }, [destText, destination, sites, streets, cityNames, language]);
  const coordsHint = useMemo(() => parseCoordinates(destText, props.bounds), [destText, props.bounds]);

  const onDestText = (text: string) => {
    setDestText(text);
    setCreateError(null);
    const c = parseCoordinates(text, props.bounds);
    // Typed coordinates are named by the nearest street for the queue, like a point picked on the map.
    if (c && !('invalid' in c)) setDestination({ lon: c.lon, lat: c.lat, label: pointLabel(c.lon, c.lat), source: 'coords' });
    else if (destination && destination.label !== text) setDestination(null);
  };
  const choosePlace = (p: Place) => {
    setDestText(p.label);
    setDestination({ lon: p.lon, lat: p.lat, label: p.label, source: p.kind, ...(p.kind === 'site' ? { siteId: p.siteId } : {}) });
    focusNext.current = { kind: 'item', index: 0 };
  };

  // --- item rows
  const setRow = (index: number, patch: Partial<ItemRow>) => {
    setRows((rs) => rs.map((r, i) => (i === index ? { ...r, ...patch } : r)));
    setCreateError(null);
  };
  const addRow = () => {
    setRows((rs) => [...rs, emptyRow()]);
    focusNext.current = { kind: 'item', index: rows.length };
  };
  const removeRow = (index: number) => setRows((rs) => (rs.length === 1 ? [emptyRow()] : rs.filter((_, i) => i !== index)));

  // --- messages
  const fieldError = (field: string) => (showErrors && !check.ok ? check.errors.find((e) => e.field === field) : undefined);
  const errorMessage = (e: FieldError): string => {
    const n = e.field.startsWith('item-') || e.field.startsWith('qty-') ? Number(e.field.split('-')[1]) + 1 : 0;
    switch (e.key) {
      case 'unknownItem':
        return e.text ? t('request.error.unknownItem', { n, text: e.text }) : t('request.error.noItem', { n });
      case 'qtyTooLarge':
        return t('request.error.qtyTooLarge', { n, max: num.format(e.max) });
      case 'deadlineInvalid':
      case 'requesterTooLong':
      case 'noteTooLong':
        return t(`request.error.${e.key}`, { max: num.format(e.max) });
      case 'qtyEmpty':
      case 'qtyNotInteger':
      case 'qtyNotPositive':
        return t(`request.error.${e.key}`, { n });
      default:
        return t(`request.error.${e.key}`);
    }
  };
  const failureText = (f: NonNullable<typeof failure>) =>
    t(`plan.failure.${f.reason}`, {
      missing: f.missing.map((m) => t('plan.missingItem', { item: names.item(m.itemId), requested: num.format(m.requested), available: num.format(m.available) })).join('；') || '—',
    });

  const formMessages: string[] = [];
  if (showErrors && !check.ok) formMessages.push(...check.errors.map(errorMessage));
  if (destinationFailure) formMessages.push(failureText(destinationFailure));
  if (createError) formMessages.push(createError);

  const focusFirstError = () => {
    if (check.ok) return;
    const first = check.errors[0]!;
    if (first.field === 'destination') destRef.current?.focus();
    else if (first.field.startsWith('item-')) itemRefs.current[Number(first.field.slice(5))]?.focus();
    else if (first.field.startsWith('qty-')) qtyRefs.current[Number(first.field.slice(4))]?.focus();
  };

  // --- the edited plan, timed and checked on the real roads as it is edited
  const requested = existing?.items ?? recorded?.request.items ?? (check.ok ? check.value.items : []);
  // The form's own checks (quantities typed, something loaded); vehicles and stock are the backend's.
  const editCheck = editing ? checkEditRuns(editing, new Set(vehicles.map((v) => v.id))) : null;
  const diffs = editCheck?.ok ? quantityDifferences(requested, editCheck.runs) : [];
  const retimeTarget: RetimeTarget | null = useMemo(
    () => (recordId ? { requestId: recordId } : planInput ? { destination: planInput.destination, deadlineMinutes: planInput.deadlineMinutes } : null),
    // planKey stands for planInput's content.
    [recordId, planKey],
  );
  // A vehicle taken by another dispatch while the officer edits is checked again.
  const vehicleVersion = editing ? editing.map((r) => vehicleById.get(r.vehicleId)?.status ?? '?').join(',') : '';
  const { state: retime, key: retimeKey } = useRetime(client, editing ? retimeTarget : null, editCheck?.ok ? editCheck.runs : null, vehicleVersion);
  const retimed = retime.status === 'done' && retime.key === retimeKey ? retime.result : null;
  const verdict = editCheck ? editVerdict(editCheck, retimed, confirmSafety) : null;
  /** Unedited plans dispatch only once computed: while new ones compute, those shown are kept for reading (plan-edit.ts mayAccept). */
  const acceptOpen = mayAccept({ busy, planLoading: plan?.status === 'loading', editing: editing !== null, verdict });
  // While editing, the map draws the edited runs' real routes once they are timed.
  const isEditing = editing !== null;
  const drawn = useMemo(() => (isEditing && current && retimed ? retimedPlan(current, retimed) : current), [isEditing, current, retimed]);
  useEffect(() => {
    onDraft({ destination: draftLon !== null && draftLat !== null ? { lon: draftLon, lat: draftLat } : null, plan: drawn, editing: isEditing });
  }, [draftLon, draftLat, drawn, isEditing, onDraft]);
  const liveEditErrors: EditError[] = editCheck && !editCheck.ok ? editCheck.errors : editErrors;
  const problemText = (p: { code: string; params: Record<string, string | number> }) => refusalText(new BoardError(p.code as never, p.code, p.params));

  // --- record, dispatch
  const record = async (): Promise<string | null> => {
    if (recordId) return recordId;
    if (!check.ok) {
      setShowErrors(true);
      focusFirstError();
      return null;
    }
    // An unusable destination is a form error, not a request to queue.
    if (destinationFailure) {
      setShowErrors(true);
      destRef.current?.focus();
      return null;
    }
    const value = check.value;
    const { requestId } = await sendCommand(client, commandIds, 'request.create', value);
    setRecorded({ id: requestId, request: value });
    return requestId;
  };

  const onSubmit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (busy) return;
    setBusy(true);
    setCreateError(null);
    try {
      const id = await record();
      if (id) {
        plansWantFocus.current = true;
        planListRef.current?.focus();
      }
    } catch (error) {
      setCreateError(t('request.error.backend', { message: errorText(t, error) }));
    } finally {
      setBusy(false);
    }
  };

  const accept = async () => {
    // While new plans compute, the ones shown are the last ones: a vehicle in them may be taken already.
    if (busy || (!editing && !acceptOpen)) return;
    let runs: AcceptRun[];
    let confirmBelowSafety: boolean;
    let inCountyLate = false;
    if (editing) {
      // Never on the original plan's times: only runs the backend has timed and found dispatchable as shown.
      if (!editCheck || !editCheck.ok) {
        if (editCheck && !editCheck.ok) setEditErrors(editCheck.errors);
        return;
      }
      if (!verdict || verdict.kind !== 'ready' || !retimed) {
        setAcceptError(t(`edit.notReady.${verdict?.kind ?? 'timing'}`));
        return;
      }
      runs = retimedAcceptRuns(editCheck.runs, retimed);
      confirmBelowSafety = verdict.belowSafety;
    } else if (current) {
      runs = acceptRunsOf(current);
      // A recommended plan that draws a site below its safety stock says so on its card and on
      // the button: accepting it is the confirmation.
      confirmBelowSafety = !current.keepsReserve;
      inCountyLate = current.approval?.reasons.includes('in_county_late') ?? false;
    } else return;
    setBusy(true);
    setAcceptError(null);
    setCreateError(null);
    try {
      const id = await record();
      if (!id) return;
      await sendCommand(client, commandIds, 'dispatch.accept', { requestId: id, runs, confirmBelowSafety, ...(inCountyLate ? { inCountyLate } : {}) });
      props.onDispatched(id);
    } catch (error) {
      // Refused by the backend (stock taken, vehicle gone meanwhile): nothing was queued.
      // Say why; a recommended plan is computed again on what the board shows now, an
      // edited one is left for the officer to correct.
      const why = refusalText(error);
      setAcceptError(editing ? t('plan.acceptFailedEdited', { message: why }) : t('plan.acceptFailed', { message: why }));
      if (!editing) setReplan((n) => n + 1);
    } finally {
      setBusy(false);
    }
  };

  // Refused by the backend: said with the site's and item's names, as on the plans.
  const refusalText = (error: unknown): string => errorText(t, error, { site: names.site, item: names.item, number: (n) => num.format(n) });

  const startEdit = () => {
    if (!current) return;
    setEditing(toEditRuns(acceptRunsOf(current)));
    setEditErrors([]);
    setConfirmSafety(false);
    setAcceptError(null);
    // Stock per site for the source choices; the panel works without it.
    void Promise.all(sites.map((s) => client.call('site.detail', { siteId: s.id }).catch(() => null))).then((details) => {
      const m = new Map<string, number>();
      for (const d of details) if (d) for (const l of d.stock) m.set(`${d.site.id}/${l.item.id}`, l.quantity);
      setSiteStock(m);
    });
  };

  const vehicleChoices = useCallback(
    (run: EditRun): VehicleChoice[] => {
      const first = siteById.get(run.siteIds[0] ?? '');
      const others = new Set((editing ?? []).map((r) => r.vehicleId));
      const list = vehicles.filter((v) => v.id === run.vehicleId || (v.status === 'available' && !others.has(v.id)));
      const sorted = list
        .map((vehicle) => ({ vehicle, distanceKm: first ? props.vehicleDistanceKm(vehicle.id, first.lon, first.lat) : null }))
        .sort((a, b) => (a.distanceKm ?? Infinity) - (b.distanceKm ?? Infinity));
      // The nearest 40, and always the run's own vehicle: a select without its value shows another one.
      const shown = sorted.slice(0, 40);
      const own = sorted.find((c) => c.vehicle.id === run.vehicleId);
      return own && !shown.includes(own) ? [own, ...shown] : shown;
    },
    [siteById, editing, vehicles, props.vehicleDistanceKm],
  );


  // Enter in the destination field confirms the place and moves on to the items; it never
  // records the request (plans are not shown yet, and the officer has not said what is needed).
  const [destNudge, setDestNudge] = useState(false);
  const onDestKey = (e: KeyboardEvent) => {
    if (e.key !== 'Enter' || e.defaultPrevented) return;
    e.preventDefault();
    if (destination && !destinationFailure) {
      setDestNudge(false);
      itemRefs.current[0]?.focus();
    } else setDestNudge(true);
  };
  /** Which button Enter presses follows the focus; a focused button is pressed by Enter itself. */
  const onFocusIn = (e: FocusEvent) => {
    const el = e.target as HTMLElement;
    if (el.tagName === 'BUTTON' || el.id === 'request-destination') setEnterScope(null);
    else if (formRef.current?.contains(el)) setEnterScope('form');
    else if (plansRef.current?.contains(el)) setEnterScope('plans');
    else setEnterScope(null);
  };
  const onFocusOut = (e: FocusEvent) => {
    if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setEnterScope(null);
  };

  const onPanelKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && props.pickMode) {
      e.stopPropagation();
      props.onPickMode(false);
    }
  };
  // In the editor (selects and quantity fields, no form), Enter dispatches the edited runs.
  const onEditorKey = (e: KeyboardEvent) => {
    if (e.key !== 'Enter' || !editing) return;
    const tag = (e.target as HTMLElement).tagName;
    if (tag === 'INPUT' || tag === 'SELECT') {
      e.preventDefault();
      void accept();
    }
  };

  const summary = existing
    ? { destination: existing.destination.label, items: existing.items, priority: existing.priority, requester: existing.requester, note: existing.note, deadlineAt: existing.deadlineAt }
    : recorded
      ? { destination: recorded.request.destination.label, items: recorded.request.items, priority: recorded.request.priority, requester: recorded.request.requester, note: recorded.request.note, deadlineAt: null }
      : null;

  const drawsReserve = !editing && current !== null && current !== undefined && !current.keepsReserve;
  const acceptLabel = editing
    ? t(verdict?.kind === 'ready' && verdict.belowSafety ? 'plan.acceptEditedBelowSafety' : 'plan.acceptEdited')
    : recordId
      ? t(drawsReserve ? 'plan.acceptBelowSafety' : 'plan.accept', { rank: current?.rank ?? 1 })
      : t(drawsReserve ? 'plan.recordAndAcceptBelowSafety' : 'plan.recordAndAccept', { rank: current?.rank ?? 1 });

  return (
    <DockPanel testId="request-panel" title={recordId ? t('request.dispatchTitle') : t('request.title')} onClose={props.onClose}>
      <div className="request-panel" onKeyDown={onPanelKey} onFocus={onFocusIn} onBlur={onFocusOut}>
        {summary ? (
          <section className="request-summary" data-testid="request-summary">
            <div className="request-summary__head">
              <span className={`level-dot level--${summary.priority}`} aria-hidden="true" />
              <strong>{summary.destination}</strong>
              <span className="muted">{t(`format:priority.${summary.priority}`)}</span>
              {recordId && pending.has(requestTarget(recordId)) ? <PendingMark state={pending.get(requestTarget(recordId))} /> : <span className="ok small">{t('request.recorded')}</span>}
            </div>
            <div className="muted small">
              {summary.items.map((i) => `${names.item(i.itemId)} ${num.format(i.quantity)}${names.unit(i.itemId)}`).join('，')}
              {summary.requester ? ` · ${summary.requester}` : ''}
              {summary.deadlineAt ? ` · ${t('request.deadlineAt', { time: formatClock(summary.deadlineAt, language) })}` : ''}
            </div>
            {summary.note ? <div className="muted small">{summary.note}</div> : null}
            {recordId && (!existing || canCancelRequest(existing)) ? (
              <div className="request-summary__actions">
                <button type="button" className="action-button action-button--danger" data-testid="request-cancel" data-request-id={recordId} onClick={() => props.onCancelRequest(recordId)}>
                  {t('cancel.request')}
                </button>
              </div>
            ) : null}
          </section>
        ) : (
          <form ref={formRef} className="request-form" data-testid="request-form" noValidate onSubmit={(e) => void onSubmit(e)} aria-label={t('request.title')}>
            {draftNotice ? (
              <div className="panel-note draft-notice" data-testid="request-draft-restored">
                {t('request.draftRestored')}
                <button type="button" className="link-button" data-testid="request-clear" onClick={clearDraft}>
                  {t('request.clearDraft')}
                </button>
              </div>
            ) : null}
            <div className="form-grid">
              <label htmlFor="request-destination">{t('request.destination')}</label>
              <div className="form-grid__field form-grid__field--stack">
                <div className="field-row" onKeyDown={onDestKey}>
                  <Combobox<Place>
                    id="request-destination"
                    testId="request-destination"
                    inputRef={destRef}
                    className="combobox--grow"
                    value={destText}
                    onChange={onDestText}
                    options={places}
                    optionKey={(p) => p.key}
                    onChoose={choosePlace}
                    emptyText={coordsHint ? undefined : t('request.noPlace')}
                    placeholder={t('request.destinationPlaceholder')}
                    invalid={Boolean(fieldError('destination') || destinationFailure || (coordsHint && 'invalid' in coordsHint))}
                    renderOption={(p) => (
                      <>
                        <span className={`place-kind place-kind--${p.kind === 'site' ? p.siteKind : p.kind}`}>
                          {p.kind === 'site' ? t(`format:siteKind.${p.siteKind}`) : p.kind === 'place' ? t(`request.placeKind.${p.placeKind}`) : t('request.street')}
                        </span>
                        <span className="combobox__label">{p.label}</span>
                        {p.detail ? <span className="muted small">{p.detail}</span> : null}
                      </>
                    )}
                  />
                  <button
                    type="button"
                    className={`action-button${props.pickMode ? ' action-button--primary' : ''}`}
                    data-testid="request-pick-on-map"
                    aria-pressed={props.pickMode}
                    onClick={() => props.onPickMode(!props.pickMode)}
                  >
                    {t('request.pickOnMap')}
                  </button>
                </div>
                <div className="field-hint small" data-testid="request-destination-hint">
                  {props.pickMode ? (
                    <span className="warn">{t('request.pickHint')}</span>
                  ) : destination ? (
                    <span className={destinationFailure ? 'danger' : 'ok'} data-testid="request-destination-echo" data-lon={destination.lon} data-lat={destination.lat}>
                      {destinationFailure ? '✗' : '✓'} {t(`request.source.${destination.source}`)} ·{' '}
                      {destination.source === 'coords' || destination.source === 'map'
                        ? destination.label
                        : t('request.lonLat', { lon: destination.lon.toFixed(5), lat: destination.lat.toFixed(5) })}
                    </span>
                  ) : coordsHint && 'invalid' in coordsHint ? (
                    <span className="danger">{t('request.error.badCoordinates')}</span>
                  ) : destNudge ? (
                    <span className="warn">{t('request.error.noDestination')}</span>
                  ) : (
                    <span className="muted">{t('request.destinationHint')}</span>
                  )}
                </div>
              </div>

              <span className="form-grid__label">{t('request.items')}</span>
              <div className="form-grid__field form-grid__field--stack">
                {rows.map((row, n) => {
                  const itemErr = fieldError(`item-${n}`);
                  const qtyErr = fieldError(`qty-${n}`);
                  const item = row.itemId ? itemById.get(row.itemId) : undefined;
                  return (
                    <div key={n} className="item-row" data-row={n}>
                      <Combobox<ItemType>
                        id={`request-item-${n}`}
                        testId={`request-item-${n}`}
                        inputRef={(el) => {
                          itemRefs.current[n] = el;
                        }}
                        className="combobox--grow"
                        value={row.text}
                        onChange={(text) => setRow(n, { text, itemId: null })}
                        options={matchItems(items, row.text)}
                        optionKey={(i) => i.id}
                        onChoose={(i) => {
                          setRow(n, { text: language === 'en' ? i.nameEn : i.name, itemId: i.id });
                          focusNext.current = { kind: 'qty', index: n };
                        }}
                        emptyText={t('request.noItemMatch')}
                        placeholder={t('request.itemPlaceholder')}
                        invalid={Boolean(itemErr)}
                        renderOption={(i) => (
                          <>
                            <span className="combobox__label">{language === 'en' ? i.nameEn : i.name}</span>
                            <span className="muted small">{language === 'en' ? i.name : i.nameEn}</span>
                          </>
                        )}
                      />
                      <input
                        ref={(el) => {
                          qtyRefs.current[n] = el;
                        }}
                        id={`request-qty-${n}`}
                        data-testid={`request-qty-${n}`}
                        type="text"
                        inputMode="numeric"
                        autoComplete="off"
                        aria-label={t('request.quantity')}
                        placeholder={t('request.quantity')}
                        aria-invalid={qtyErr ? true : undefined}
                        value={row.quantity}
                        onChange={(e) => setRow(n, { quantity: e.target.value })}
                      />
                      <span className="unit item-row__unit">{item ? (language === 'en' ? item.unitEn : item.unit) : ''}</span>
                      {/* Mouse only: from the keyboard a row left empty is simply not used. */}
                      <button type="button" className="icon-button" tabIndex={-1} aria-label={t('request.removeItem')} title={t('request.removeItem')} onClick={() => removeRow(n)}>
                        ×
                      </button>
                    </div>
                  );
                })}
                <div>
                  <button type="button" className="link-button" data-testid="request-add-item" onClick={addRow}>
                    + {t('request.addItem')}
                  </button>
                </div>
              </div>

              <span className="form-grid__label" id="request-priority-label">
                {t('request.priority')}
              </span>
              <div className="form-grid__field">
                <fieldset className="priority-group" data-testid="request-priority" data-value={priority} aria-labelledby="request-priority-label">
                  {ALERT_LEVELS.map((level) => (
                    <label key={level} className={`priority-option level--${level}${priority === level ? ' priority-option--checked' : ''}`}>
                      <input type="radio" name="request-priority" value={level} checked={priority === level} onChange={() => setPriority(level)} />
                      <span className="level-dot" aria-hidden="true" />
                      {t(`format:priority.${level}`)}
                    </label>
                  ))}
                </fieldset>
              </div>

              <span className="form-grid__label" id="request-class-label">
                {t('request.class')}
              </span>
              <div className="form-grid__field">
                <fieldset className="priority-group" data-testid="request-class" data-value={requestClass} aria-labelledby="request-class-label">
                  {REQUEST_CLASSES.map((c) => (
                    <label key={c} className={`priority-option${requestClass === c ? ' priority-option--checked' : ''}`}>
                      <input type="radio" name="request-class" value={c} checked={requestClass === c} onChange={() => chooseClass(c)} />
                      {t(`request.classes.${c}`, { minutes: classMinutes[c] })}
                    </label>
                  ))}
                </fieldset>
                <label htmlFor="request-deadline" className="inline-label">
                  {t('request.deadline')}
                </label>
                <input
                  id="request-deadline"
                  data-testid="request-deadline"
                  className="input--short"
                  type="text"
                  inputMode="numeric"
                  autoComplete="off"
                  aria-invalid={fieldError('deadline') ? true : undefined}
                  value={deadline}
                  onChange={(e) => setDeadline(e.target.value)}
                />
                <span className="unit">{t('request.minutes')}</span>
              </div>

              <label htmlFor="request-requester">{t('request.requester')}</label>
              <div className="form-grid__field">
                <input
                  id="request-requester"
                  data-testid="request-requester"
                  className="input--requester"
                  type="text"
                  autoComplete="off"
                  maxLength={MAX_REQUESTER + 20}
                  placeholder={t('request.requesterPlaceholder')}
                  value={requester}
                  onChange={(e) => setRequester(e.target.value)}
                />
                <label htmlFor="request-note" className="inline-label">
                  {t('request.note')}
                </label>
                <input
                  id="request-note"
                  data-testid="request-note"
                  type="text"
                  autoComplete="off"
                  maxLength={MAX_NOTE + 20}
                  placeholder={t('request.notePlaceholder')}
                  value={note}
                  onChange={(e) => setNote(e.target.value)}
                />
              </div>
            </div>

            {formMessages.length > 0 ? (
              <ul className="inline-error request-error" role="alert" data-testid="request-error">
                {formMessages.map((m, i) => (
                  <li key={i}>{m}</li>
                ))}
              </ul>
            ) : null}

            <div className="button-row">
              <button type="submit" className={`action-button${enterScope === 'plans' ? '' : ' action-button--primary'}`} data-testid="request-submit" disabled={busy}>
                {t('request.submit')}
                {enterScope === 'form' ? <kbd data-testid="enter-hint">Enter</kbd> : null}
              </button>
              <button type="button" className="action-button" data-testid="request-close" onClick={props.onClose}>
                {t('request.close')} <kbd>Esc</kbd>
              </button>
              <span className="muted small">{t('request.draftKept')}</span>
            </div>
          </form>
        )}

        <section ref={plansRef} className="plans" aria-live="polite" onKeyDown={onEditorKey}>
          <h3 className="dock-section">
            {t('plan.title')}
            {plan?.status === 'loading' ? <span className="muted small"> · {t('plan.computing')}</span> : null}
            {plan?.status === 'done' && plan.result.ok ? (
              <span className="muted small"> · {t('plan.computedAt', { time: formatClock(plan.at, language), ms: Math.round(plan.result.computeMs) })}</span>
            ) : null}
          </h3>
          {!planInput ? <div className="panel-note muted">{t('plan.waiting')}</div> : null}
          {plan?.status === 'error' ? (
            <div className="inline-error" role="alert" data-testid="plan-error">
              {t('plan.callFailed', { message: plan.message })}
            </div>
          ) : null}
          {failure ? (
            <div className="inline-error" role="alert" data-testid="plan-error" data-reason={failure.reason}>
              {failureText(failure)}
            </div>
          ) : null}
          {shown?.ok && plans.length > 0 && plans.length < MAX_PLANS_SHOWN && !editing ? (
            <div className="panel-note muted" data-testid="plan-horizon" data-until-s={Math.round(shown.alternativesUntilS)}>
              {t('plan.noLaterAlternatives', { minutes: Math.floor(shown.alternativesUntilS / 60) })}
            </div>
          ) : null}
          {shown?.ok && shown.positionsAgeS !== null && shown.positionsAgeS > OLD_POSITIONS_S && !editing ? (
            <div className="panel-note warn" data-testid="plan-positions-age" data-age-s={Math.round(shown.positionsAgeS)}>
              {t('plan.positionsOld', { age: formatDuration(t, shown.positionsAgeS * 1000) })}
            </div>
          ) : null}
          {plans.length > 0 ? (
            editing ? (
              <PlanEditor
                runs={editing}
                onChange={(runs) => {
                  setEditing(runs);
                  setEditErrors([]);
                  setAcceptError(null);
                  // A confirmation is for the runs it was given on, not for the next edit.
                  setConfirmSafety(false);
                }}
                vehicleChoices={vehicleChoices}
                sites={sites}
                stock={siteStock}
                names={names}
                errors={liveEditErrors}
                problemVehicles={new Set((retimed?.problems ?? []).flatMap((p) => (typeof p.params.vehicle === 'string' ? [p.params.vehicle] : [])))}
              />
            ) : (
              <PlanList
                plans={plans}
                selected={Math.min(selected, plans.length - 1)}
                onSelect={setSelected}
                onAccept={() => void accept()}
                onEdit={startEdit}
                names={names}
                stale={plan?.status === 'loading'}
                listRef={planListRef}
              />
            )
          ) : null}
          {editing && diffs.length > 0 ? (
            <div className="panel-note warn">
              {t('edit.differs', {
                list: diffs.map(([id, want, got]) => t('edit.diffItem', { item: names.item(id), requested: num.format(want), planned: num.format(got) })).join('；'),
              })}
            </div>
          ) : null}
          {editing && editCheck?.ok ? (
            <EditTiming retime={retime} retimed={retimed} problemText={problemText} errorText={refusalText} confirmSafety={confirmSafety} onConfirmSafety={setConfirmSafety} />
          ) : null}
          {liveEditErrors.length > 0 ? (
            <ul className="inline-error" role="alert" data-testid="plan-edit-error">
              {liveEditErrors.map((e, i) => (
                <li key={i}>
                  {e.key === 'quantity'
                    ? t('edit.error.quantity', { n: e.runIndex + 1 })
                    : e.key === 'nothingLoaded'
                      ? t('edit.error.nothingLoaded', { n: e.runIndex + 1 })
                      : t(`edit.error.${e.key}`, { plate: vehicleById.get(e.vehicleId)?.plate ?? e.vehicleId })}
                </li>
              ))}
            </ul>
          ) : null}
          {acceptError ? (
            <div className="inline-error" role="alert" data-testid="plan-error" data-reason="accept">
              {acceptError}
            </div>
          ) : null}
          {plans.length > 0 ? (
            <div className="button-row">
              <button
                type="button"
                className={`action-button${enterScope === 'form' ? '' : ' action-button--primary'}`}
                data-testid="plan-accept"
                data-ready={editing ? String(verdict?.kind === 'ready') : 'true'}
                disabled={!acceptOpen}
                onClick={() => void accept()}
              >
                {acceptLabel}
                {enterScope === 'plans' ? <kbd data-testid="enter-hint">Enter</kbd> : null}
              </button>
              {editing ? (
                <button
                  type="button"
                  className="action-button"
                  data-testid="plan-edit-cancel"
                  onClick={() => {
                    setEditing(null);
                    setEditErrors([]);
                    planListRef.current?.focus();
                  }}
                >
                  {t('edit.cancel')}
                </button>
              ) : (
                <button type="button" className="action-button" data-testid="plan-edit" onClick={startEdit} disabled={!current}>
                  {t('edit.start')} <kbd>E</kbd>
                </button>
              )}
              <button type="button" className="link-button" data-testid="plan-refresh" onClick={() => setReplan((n) => n + 1)}>
                {t('plan.refresh')}
              </button>
            </div>
          ) : null}
        </section>
      </div>
    </DockPanel>
  );
}

type EditTimingProps = {
  retime: ReturnType<typeof useRetime>['state'];
  /** The answer for the runs on screen; null while they are being timed. */
  retimed: Retimed | null;
  problemText(problem: Retimed['problems'][number]): string;
  errorText(error: unknown): string;
  confirmSafety: boolean;
  onConfirmSafety(on: boolean): void;
};

/**
 * The edited runs as the backend timed them on the real roads from where each vehicle is
 * now: arrival and margin (never the original plan's), every problem that stops them being
 * dispatched in the planner's words, and the one a confirmation lifts (safety stock).
 */
function EditTiming({ retime, retimed, problemText, errorText: callError, confirmSafety, onConfirmSafety }: EditTimingProps) {
  const { t } = useTranslation('dispatch');
  if (retime.status === 'error') {
    return (
      <div className="inline-error" role="alert" data-testid="edit-timing" data-state="error">
        {t('edit.retimeFailed', { message: callError(retime.error) })}
      </div>
    );
  }
  if (!retimed) {
    return (
      <div className="panel-note muted" data-testid="edit-timing" data-state="timing">
        {t('edit.timing')}
      </div>
    );
  }
  const blocking = retimed.problems.filter((p) => p.code !== 'below_safety');
  const safety = retimed.problems.filter((p) => p.code === 'below_safety');
  const level = retimed.marginS === null ? 'red' : marginLevel(retimed.marginS);
  return (
    <div className="edit-timing" data-testid="edit-timing" data-state="done" data-arrival-s={retimed.arrivalS === null ? '' : Math.round(retimed.arrivalS)}>
      <div className="edit-timing__head">
        <strong>{t('edit.retimed')}</strong>
        {retimed.arrivalS !== null ? <span>{t('plan.arrival', { time: formatDuration(t, retimed.arrivalS * 1000) })}</span> : <span className="danger">{t('edit.noRoute')}</span>}
        {retimed.marginS !== null ? (
          <span className={`margin-chip level--${level}`} data-testid="edit-margin" data-level={level} data-margin-s={Math.round(retimed.marginS)}>
            {retimed.marginS >= 0 ? t('plan.margin', { time: formatDuration(t, retimed.marginS * 1000) }) : t('plan.late', { time: formatDuration(t, -retimed.marginS * 1000) })}
          </span>
        ) : null}
      </div>
      {retimed.approval ? (
        <div className="plan__approval warn" data-testid="edit-approval" data-level={retimed.approval.level}>
          {t(`approval.waitsFor.${retimed.approval.level}`)}
          {t('approval.because', { reasons: joinList(t, retimed.approval.reasons.map((r) => t(`approval.reason.${r}`)), 'names') })}
        </div>
      ) : null}
      {retimed.positionsAgeS !== null && retimed.positionsAgeS > OLD_POSITIONS_S ? (
        <div className="warn small" data-testid="edit-positions-age">
          {t('plan.positionsOld', { age: formatDuration(t, retimed.positionsAgeS * 1000) })}
        </div>
      ) : null}
      {blocking.length > 0 ? (
        <ul className="inline-error" role="alert" data-testid="edit-problems">
          {blocking.map((p, i) => (
            <li key={i} data-code={p.code}>
              {problemText(p)}
            </li>
          ))}
        </ul>
      ) : null}
      {safety.length > 0 ? (
        <div className="edit-safety warn" data-testid="edit-below-safety">
          <ul>
            {safety.map((p, i) => (
              <li key={i} data-code={p.code}>
                {problemText(p)}
              </li>
            ))}
          </ul>
          <label className="check-label">
            <input type="checkbox" data-testid="edit-confirm-safety" checked={confirmSafety} onChange={(e) => onConfirmSafety(e.target.checked)} />
            {t('edit.confirmSafety')}
          </label>
        </div>
      ) : null}
    </div>
  );
}
