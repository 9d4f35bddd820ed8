/** The duty shift's words (namespace `duty`), Simplified Chinese (the default): the handover document (交接班记录). Wording follows the client's documents (MISSION.md glossary). */
export const dutyZhCN = {
  handover: {
    title: '交接班记录',
    /** The printed file's name (a PDF's default name is the page title). */
    fileTitle: '交接班记录 {{id}}',
    record: '编号',
    shift: '班次',
    team: '班组',
    period: '时段',
    notes: '交班说明',
    noNotes: '无',
    signatures: '签名',
    outgoing: '交班人',
    incoming: '接班人',
    notTakenOver: '未接班',
    signer: '{{name}}（{{username}}）',
    signedAt: '签于 {{time}}',
    contentHash: '内容校验（SHA-256）',
    hashHint: '交班人签名时交接内容与交班说明的摘要；接班人核对此值后接班。',
  },
} as const;
