/** Errors from board calls (namespace `errors`), Simplified Chinese (the default). Wording follows the client's documents (MISSION.md glossary). */
export const errorsZhCN = {
  error: {
    call: '请求失败：{{message}}',
    snapshot: '无法加载看板数据：{{message}}',
    mapInfo: '无法加载底图信息：{{message}}',
    dismiss: '知道了',
  },
} as const;
