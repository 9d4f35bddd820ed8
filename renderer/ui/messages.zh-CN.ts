/** Words of the shared components (namespace `ui`): panel frames, the pending-upload mark, Simplified Chinese (the default). Wording follows the client's documents (MISSION.md glossary). */
export const uiZhCN = {
  panel: {
    close: '关闭',
    loading: '加载中…',
    notFound: '未找到',
  },
  pending: {
    mark: '待上传',
    title: '已在本机登记，等待警保云确认',
    unknown: '结果未知 · 重试中',
    unknownTitle: '警保云的答复无法读取，不知道是否已执行：正以同一编号重发，警保云保证只执行一次。这不是冲突，无需处理。',
  },
  /** 保养登记: the odometer read at a service (OdometerForm). */
  odometer: {
    label: '保养时里程读数',
    km: '公里',
    record: '确认登记',
    cancel: '取消',
    bad: '请输入里程读数（公里，数字）',
  },
  /** An action the signed-in role may not take: disabled, and its tooltip says who may. */
  grant: {
    only: '仅{{roles}}可操作',
    separator: '、',
  },
} as const;
