/**
 * The vocabularies of DOMAIN.md, as `as const` arrays with derived types.
 * Every other list of these values is derived from here, never written out again.
 */

/** DOMAIN.md §1: who uses the platform. */
export const ROLES = [
  'citizen',
  'operator',
  'dispatcher',
  'supervisor',
  'unit_handler',
  'unit_leader',
  'leader',
  'admin',
  'reporter',
] as const;
export type Role = (typeof ROLES)[number];

/** DOMAIN.md §2: kinds of organisation in the unit tree. */
export const UNIT_TYPES = [
  'government', // 市/县人民政府 (where leaders sit)
  'centre', // 12345 热线中心 (一级平台)
  'district', // 区县政府
  'street', // 街道 / 乡镇
  'department', // 职能部门
  'enterprise', // 公共服务企业 (水、电、气)
  'secondary_hotline', // 二级平台 12315 / 12316 / 12319 / 12333
  'discipline', // 纪检监察
  'political_legal', // 政法
] as const;
export type UnitType = (typeof UNIT_TYPES)[number];

/** DOMAIN.md §3: where a request came from. */
export const CHANNELS = [
  'phone',
  'mailbox',
  'sms',
  'online',
  'emergency',
  'leader_line',
  'media',
  'grassroots',
  'liaison',
] as const;
export type Channel = (typeof CHANNELS)[number];

/** DOMAIN.md §4: 诉求类型. */
export const KINDS = [
  'consultation', // 咨询
  'help', // 求助
  'complaint', // 投诉
  'tip_off', // 举报
  'suggestion', // 意见建议
  'criticism', // 批评
  'praise', // 表扬
] as const;
export type Kind = (typeof KINDS)[number];

/** DOMAIN.md §4: urgency, S4 §2.1 and S1. */
export const URGENCIES = [
  'normal',
  'urgent', // 急办件
  'general_emergency', // 一般应急: water, power, gas, heating, fuel, transport
  'major_emergency', // 重大应急: casualties, trapped in a lift, gas leak, food poisoning
  'leader_instructed', // 领导批示件
] as const;
export type Urgency = (typeof URGENCIES)[number];

/** DOMAIN.md §13: the five levels of 好差评. */
export const SATISFACTION_LEVELS = [
  'very_satisfied', // 非常满意
  'satisfied', // 满意
  'basically_satisfied', // 基本满意
  'dissatisfied', // 不满意
  'very_dissatisfied', // 非常不满意
] as const;
export type Satisfaction = (typeof SATISFACTION_LEVELS)[number];

/** DOMAIN.md §8: the three kinds of callback. */
export const CALLBACK_TYPES = ['process', 'result', 'look_back'] as const;
export type CallbackType = (typeof CALLBACK_TYPES)[number];

export const CHANNEL_LABELS: Record<Channel, string> = {
  phone: '12345热线电话',
  mailbox: '市长信箱',
  sms: '市长短信',
  online: '网上留言',
  emergency: '应急电话',
  leader_line: '领导接听',
  media: '媒体热线',
  grassroots: '走基层',
  liaison: '社会联络员',
};

export const KIND_LABELS: Record<Kind, string> = {
  consultation: '咨询',
  help: '求助',
  complaint: '投诉',
  tip_off: '举报',
  suggestion: '意见建议',
  criticism: '批评',
  praise: '表扬',
};

export const URGENCY_LABELS: Record<Urgency, string> = {
  normal: '一般',
  urgent: '急办',
  general_emergency: '一般应急',
  major_emergency: '重大应急',
  leader_instructed: '领导批示',
};

export const SATISFACTION_LABELS: Record<Satisfaction, string> = {
  very_satisfied: '非常满意',
  satisfied: '满意',
  basically_satisfied: '基本满意',
  dissatisfied: '不满意',
  very_dissatisfied: '非常不满意',
};

export const ROLE_LABELS: Record<Role, string> = {
  citizen: '群众',
  operator: '话务员',
  dispatcher: '派单员',
  supervisor: '督办质检',
  unit_handler: '承办人',
  unit_leader: '单位负责人',
  leader: '领导',
  admin: '管理员',
  reporter: '媒体坐席',
};
