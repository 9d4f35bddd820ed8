/** The vehicle panel's words (namespace `fleet`), Simplified Chinese (the default). Wording follows the client's documents (MISSION.md glossary). */
export const fleetZhCN = {
  vehicle: {
    plate: '车牌',
    kind: '车型',
    status: '状态',
    crew: '乘员',
    noCrew: '无',
    speed: '速度',
    speedValue: '{{value}} 公里/时',
    lastReport: '最后上报',
    noReport: '无位置',
    stale: '位置已过期',
    staleBadge: '位置过期',
    staleTitle: '超过 {{seconds}} 秒没有收到位置上报，地图上的位置不是实时的',
    home: '所属库点',
    capacity: '载量',
    capacityValue: '{{value}} 单位',
  },
  vehicleAction: {
    title: '车辆操作',
    maintenance: '报修（转维修）',
    available: '恢复待命',
    done: '已登记「{{status}}」，等待上传',
    failed: '登记失败：{{message}}',
  },
} as const;
