/** Signing in, enrolling a phone, the lock screen (namespace `signin`), Simplified Chinese. */
export const signinZhCN = {
  title: '警保指挥台 · 登录',
  heading: '登录',
  username: '用户名',
  password: '密码',
  code: '动态码',
  codeHint: '手机验证器上的 6 位数字；手机丢失时可用一次性恢复码',
  submit: '登录',
  signingIn: '正在登录…',
  offlineHint: '警保云断开时，曾在本机登录过的人员仍可登录（离线核验）。',
  demo: {
    heading: '演示账号',
    hint: '仅限内置演示：一键以该角色登录，无需密码和动态码；每次登录照样记入审计日志。',
  },
  enrol: {
    heading: '绑定手机验证器',
    intro: '这是您第一次登录（或管理员重置了第二因子）。请用手机验证器扫描二维码，或手动输入密钥，然后填写手机上显示的 6 位数字。',
    secret: '密钥',
    code: '手机上的 6 位数字',
    submit: '完成绑定',
    qr: '绑定用二维码',
  },
  recovery: {
    heading: '一次性恢复码',
    intro: '请抄下并妥善保管这些恢复码。手机丢失时，每个恢复码可代替动态码登录一次。它们只显示这一次。',
    done: '我已抄下，进入指挥台',
  },
  lock: {
    heading: '已锁定',
    who: '{{name}}（{{role}}）',
    intro: '地图和数据已隐藏。请输入密码解锁。',
    password: '密码',
    submit: '解锁',
    logout: '注销（换人）',
  },
  user: {
    menu: '当前用户',
    lock: '锁定',
    logout: '注销 / 换人',
    offline: '离线登录',
    demo: '演示',
    demoTitle: '演示账号：仅用于演示，不得用于值班',
    unitTitle: '本席位所属单位：只显示本单位及下级的车辆、站点与需求，以及可调用的本分局物资点',
  },
  error: {
    fields: '请填写用户名、密码和动态码',
  },
};
