/** The map's words (namespace `map`): controls and the coverage key, Simplified Chinese (the default). Wording follows the client's documents (MISSION.md glossary). */
export const mapZhCN = {
  map: {
    title: '调度地图：车辆、仓库与快取点',
    attribution: '© OpenStreetMap contributors (ODbL)',
    zoomIn: '放大',
    zoomOut: '缩小',
    resetBearing: '指北',
  },
  legend: {
    title: '图例',
    show: '显示图例',
    hide: '收起图例',
    vehicles: '车辆',
    sites: '库点',
    levels: '需求点（时限余量）',
    levelsWall: '需求点（预警 / 优先级）',
    neighbours: '邻近单位（只读）',
    neighboursTitle: '其他单位的库点与车辆：淡色显示，仅供参考，不可操作',
  },
  heat: {
    title: '需求热力',
    few: '少',
    many: '多',
    asOf: '截至 {{time}}：{{count}} 个需求 · 每 {{minutes}} 分钟刷新',
    note: '近 {{hours}} 小时的需求，按时间衰减（{{half}} 小时减半）',
  },
  coverage: {
    title: '车程覆盖（自各仓库与快取点）',
    band: '{{from}}–{{to}} 分钟',
    beyond: '超过 {{min}} 分钟',
    noRoad: '无道路（水域、绿地、铁路）',
    outside: '有道路的区域中 {{share}}% 在 {{min}} 分钟服务圈外；另有 {{none}}% 为无道路的水域、绿地、铁路（城区外不着色）',
    note: '按实际路网车程计算，每 5 分钟刷新',
  },
} as const;
