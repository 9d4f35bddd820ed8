/** The alert list's words (namespace `alerts`), Simplified Chinese (the default). Wording follows the client's documents (MISSION.md glossary). */
export const alertsZhCN = {
  alerts: {
    indicator: '预警',
    title: '预警 · 待确认',
    none: '暂无预警',
    acknowledge: '确认',
    acknowledged: '已确认 {{time}}',
    deadline: '时限 {{time}}',
    kind: {
      deadline_risk: '调拨可能超时',
      deadline_missed: '调拨已超时',
      red_request: '红色需求',
    },
    hint: '确认后大屏恢复轮播。',
  },
} as const;
