/**
 * Errors from board calls (namespace `errors`), Simplified Chinese (the default). The board
 * API answers a code and, for refusals, the names and numbers to say why (shared/board-api.ts
 * BOARD_ERROR_CODES); the backend's English message is for logs and support, never shown.
 */
export const errorsZhCN = {
  error: {
    call: '请求失败：{{message}}',
    snapshot: '无法加载看板数据：{{message}}',
    mapInfo: '无法加载底图信息：{{message}}',
    dismiss: '知道了',
    generic: '出错了（{{code}}）',
  },
  /** Every code, without parameters: what is said when a refusal comes without its details. */
  code: {
    bad_request: '请求无效',
    unknown_method: '本机服务不支持此操作（版本不一致？）',
    not_found: '没有找到这条记录',
    unavailable: '本机服务暂时无法响应',
    internal: '本机程序内部错误',
    forbidden: '无权执行此操作',
    unauthenticated: '请先登录',
    unknown_item: '有未知的物资',
    vehicle_unavailable: '车辆当前不能调派',
    vehicle_twice: '同一辆车被安排了两次',
    pickup_not_a_stop: '装货库点不在该车的路线上',
    insufficient_stock: '库存不足',
    request_closed: '需求已结束',
    dispatch_closed: '调拨单已结束',
    dispatch_loaded: '该调拨单已装货',
    command_id_reused: '操作编号重复，未执行',
    conflict_resolved: '该冲突已处理过',
    position_unknown: '车辆位置未知',
    routing_failed: '无法计算路线',
    over_capacity: '超出车辆载量',
    below_safety: '将动用安全库存，需确认',
    source_is_destination: '不能从目的地本身取货',
    bad_credentials: '用户名、密码或动态码不正确',
    code_replayed: '这个动态码已经用过，请等手机上出现新的动态码',
    rate_limited: '失败次数过多，请稍后再试',
    account_disabled: '该账号已停用，请联系系统管理员',
    locked: '指挥台已锁定，请先解锁',
    session_expired: '登录已过期，请重新登录',
    enrolment_expired: '绑定已超时，请重新登录',
    offline_login_unavailable: '警保云不可达，而该用户从未在本机登录过，无法离线登录',
    central_unreachable: '此操作需要连接警保云',
    username_taken: '该用户名已被使用',
    second_factor_required: '请输入动态码',
  },
  /** Refusals with their details (the wording the dispatch panel has always used). */
  detail: {
    insufficient_stock: '{{site}} 只有 {{item}} {{have}}，方案要取 {{need}}',
    vehicle_unavailable: '{{plate}} 当前为“{{status}}”，不能调派',
    vehicle_twice: '{{plate}} 被安排了两次',
    request_closed: '需求{{status}}',
    dispatch_closed: '调拨单{{status}}',
    over_capacity: '{{plate}} 载量 {{capacity}} 箱，此趟需 {{load}} 箱',
    below_safety: '{{site}} 的 {{item}} 将只剩 {{remaining}}，低于安全库存 {{safety}}：请确认后再调派',
    source_is_destination: '{{site}} 就是目的地，不能从它自己的货架取货',
    pickup_not_a_stop: '{{site}} 不在 {{plate}} 的路线上',
    rate_limited: '失败次数过多，请 {{retryAfterS}} 秒后再试',
    forbidden: '{{role}}无权执行此操作（需要“{{permission}}”权限）',
  },
} as const;
