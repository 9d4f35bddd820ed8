/** Four-colour levels (四色预警): normal / attention / urgent / severe. */
export const ALERT_LEVELS = ['green', 'yellow', 'orange', 'red'] as const;
export type AlertLevel = (typeof ALERT_LEVELS)[number];
