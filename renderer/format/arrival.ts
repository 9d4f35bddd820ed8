import type { TFunction } from 'i18next';
import type { Arrival } from '../../shared/dispatch/arrival';
import type { Language } from '../i18n';
import { formatClock, formatDuration } from './duration';

export type ArrivalState = 'on_time' | 'late' | 'past_deadline';

/** Past the deadline outranks behind the promise: it is the promise the requester was given. */
export function arrivalState(a: Arrival): ArrivalState {
  return a.pastDeadline ? 'past_deadline' : a.late ? 'late' : 'on_time';
}

/**
 * A vehicle's arrival in words, as the queue, the wall and the vehicle panel say it:
 * "超时限 3 分 10 秒" past the deadline, "晚到 6 分 57 秒" behind the arrival promised at
 * dispatch, else nothing to flag. `when` is "预计 14:05:09 到".
 */
export function arrivalWords(t: TFunction, a: Arrival, language: Language, now: number): { state: ArrivalState; flag: string | null; when: string; spare: string | null } {
  const state = arrivalState(a);
  const when = t('format:arrival.expected', { time: formatClock(a.etaAt, language, now) });
  if (state === 'past_deadline') return { state, flag: t('format:arrival.pastDeadline', { time: formatDuration(t, -a.marginS * 1000) }), when, spare: null };
  if (state === 'late') return { state, flag: t('format:arrival.late', { time: formatDuration(t, a.behindS * 1000) }), when, spare: t('format:arrival.spare', { time: formatDuration(t, a.marginS * 1000) }) };
  return { state, flag: null, when, spare: t('format:arrival.spare', { time: formatDuration(t, a.marginS * 1000) }) };
}
