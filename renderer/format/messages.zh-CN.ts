/** Shared vocabulary and formats (namespace `format`): ages, durations, link states, and the names of statuses, kinds and priorities every view shows, Simplified Chinese (the default). Wording follows the client's documents (MISSION.md glossary). */
export const formatZhCN = {
  age: {
    data: '数据',
    positions: '位置',
    never: '暂无',
    seconds: '{{count}} 秒前',
    minutes: '{{count}} 分钟前',
    hours: '{{count}} 小时前',
    days: '{{count}} 天前',
    justNow: '刚刚',
  },
  arrival: {
    expected: '预计 {{time}} 到',
    late: '晚到 {{time}}',
    pastDeadline: '超时限 {{time}}',
    spare: '余 {{time}}',
  },
  duration: {
    seconds: '{{count}} 秒',
    minutes: '{{minutes}} 分 {{seconds}} 秒',
    hours: '{{hours}} 小时 {{minutes}} 分',
    days: '{{days}} 天 {{hours}} 小时',
  },
  link: {
    label: '警保云',
    connected: '已连接',
    reconnecting: '重连中',
    offline: '离线',
    since: '自 {{time}}',
    lastError: '最近错误：{{message}}',
    lastKnown: '本机服务已断开：这是最后已知的状态',
  },
  status: {
    available: '待命',
    enroute: '途中',
    atscene: '在现场',
    returning: '返程',
    maintenance: '维修',
    offline: '离线',
    unknown: '未知',
  },
  siteKind: {
    central: '中心库',
    regional: '区域库',
    quickpick: '街面快取点',
  },
  vehicleKind: {
    van: '厢式车',
    truck: '货车',
    patrol: '巡逻车',
    motorcycle: '摩托车',
  },
  priority: {
    green: '一般',
    yellow: '关注',
    orange: '紧急',
    red: '严重',
  },
  requestStatus: {
    open: '待调派',
    dispatched: '途中',
    delivered: '已送达',
    cancelled: '已取消',
  },
  dispatchStatus: {
    enroute: '途中',
    delivered: '已送达',
    cancelled: '已取消',
  },
  /** Between the parts of a list: "救生衣 60，应急照明灯 20" · "中心物资库、东区区域库" · clauses. */
  list: {
    items: '，',
    names: '、',
    clauses: '；',
  },
  place: {
    /** A point picked on the map, named after the nearest street (dispatch's request.nearStreet writes it). */
    nearStreet: '{{street}} 附近（{{coords}}）',
  },
  answer: {
    yes: '是',
    no: '否',
  },
  /** Roles as the division names them (shared/auth/roles.ts); 'system' is the workstation's own automation. */
  role: {
    duty: '值班员',
    supervisor: '值班领导',
    wall: '大屏',
    admin: '系统管理员',
    auditor: '审计员',
    system: '系统',
  },
  /** Permissions (shared/permissions.ts), keyed with '_' for the '.' (i18next reads a dot as a level). */
  permission: {
    public: '公开',
    session: '已登录',
    board_read: '查看看板',
    fleet_write: '车辆状态',
    stock_write: '出入库',
    dispatch_write: '调拨',
    alerts_write: '确认预警',
    link_resolve: '处理冲突',
    wall_write: '大屏轮播',
    demo_control: '演示控制',
    data_export: '导出数据',
    audit_read: '审计日志',
    users_admin: '用户管理',
    settings_write: '修改设置',
  },
  /** What an officer's command does (each command module's `describe` key): the conflict panel, the link panel's queue, the audit log. */
  command: {
    stockOut: '出库 {{quantity}} {{unit}} {{item}} · {{site}}',
    stockIn: '入库 {{quantity}} {{unit}} {{item}} · {{site}}',
    because: '事由：{{reason}}',
    request: '物资需求：{{destination}} · {{items}}',
    dispatch: '调派 {{plate}}：{{loads}}',
    confirmDelivery: '确认送达（调拨单 {{dispatch}}）',
    confirmPickup: '确认装货（调拨单 {{dispatch}}）',
    requestCancel: '撤销需求（{{request}}）',
    dispatchCancel: '取消调拨单 {{dispatch}}',
    vehicleStatus: '将 {{plate}} 设为「{{status}}」',
  },
} as const;
