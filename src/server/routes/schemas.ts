/** JSON-schema building blocks shared by the routes (and so by the OpenAPI document). */
import { CHANNELS, KINDS, URGENCIES, SATISFACTION_LEVELS, CALLBACK_TYPES, ROLES, UNIT_TYPES } from '../../core/enums';
import { CASE_STATES, CASE_ACTIONS } from '../../core/case-lifecycle';
import { DEADLINE_STATUSES } from '../../core/time-limits';

export const str = (maxLength: number, minLength = 1, extra: Record<string, unknown> = {}) => ({ type: 'string', minLength, maxLength, ...extra }) as const;
/** A schema that also accepts null; an enum lists null too, or Ajv refuses it before `nullable` applies. */
export const nullable = <T extends Record<string, unknown>>(s: T) =>
  ({ ...s, nullable: true, ...(Array.isArray(s.enum) ? { enum: [...(s.enum as unknown[]), null] } : {}) }) as const;
export const enumOf = (values: readonly string[], description?: string) => ({ type: 'string', enum: [...values], ...(description ? { description } : {}) }) as const;
export const isoInstant = { type: 'string', format: 'date-time' } as const;
export const version = { type: 'integer', minimum: 1, description: 'The version of the case you acted on; a stale one is 409 case.stale_version.' } as const;
export const uuid = { type: 'string', format: 'uuid' } as const;

export const errorBody = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: { code: { type: 'string' }, message: { type: 'string' }, details: { type: 'object', additionalProperties: true } },
      required: ['code', 'message'],
    },
  },
  required: ['error'],
} as const;

export const errorResponses = {
  400: { description: 'Invalid input', ...errorBody },
  401: { description: 'Not logged in', ...errorBody },
  403: { description: 'Not allowed', ...errorBody },
  404: { description: 'Not found', ...errorBody },
  409: { description: 'Illegal transition or stale version', ...errorBody },
  422: { description: 'A reply refused by the reply checks (details.checks)', ...errorBody },
};

export const channelSchema = enumOf(CHANNELS);
export const kindSchema = enumOf(KINDS);
export const urgencySchema = enumOf(URGENCIES);
export const satisfactionSchema = enumOf(SATISFACTION_LEVELS);
export const callbackTypeSchema = enumOf(CALLBACK_TYPES);
export const roleSchema = enumOf(ROLES);
export const unitTypeSchema = enumOf(UNIT_TYPES);
export const stateSchema = enumOf(CASE_STATES);

const unitRef = { type: 'object', properties: { id: uuid, code: { type: 'string' }, name: { type: 'string' } } } as const;

export const caseSchema = {
  type: 'object',
  properties: {
    id: uuid,
    caseNo: { type: 'string', description: 'YYYYMMDD + 6-digit daily sequence' },
    queryCode: { type: 'string', description: 'For the citizen’s portal; shown to the centre and the filer only' },
    channel: channelSchema,
    source: nullable({ type: 'string' }),
    externalId: nullable({ type: 'string' }),
    kind: kindSchema,
    urgency: urgencySchema,
    title: { type: 'string' },
    content: { type: 'string' },
    categoryCode: nullable({ type: 'string' }),
    address: nullable({ type: 'string' }),
    location: nullable({ type: 'object', properties: { lng: { type: 'number' }, lat: { type: 'number' } } }),
    anonymous: { type: 'boolean' },
    confidential: { type: 'boolean' },
    citizen: nullable({
      type: 'object',
      properties: {
        name: nullable({ type: 'string' }),
        phone: nullable({ type: 'string' }),
        idNumber: nullable({ type: 'string' }),
        address: nullable({ type: 'string' }),
        masked: { type: 'boolean' },
      },
    }),
    state: stateSchema,
    stateLabel: { type: 'string' },
    version: { type: 'integer' },
    leadUnit: nullable(unitRef),
    coUnits: { type: 'array', items: unitRef },
    stage: nullable({ type: 'string' }),
    stageLimit: nullable({ type: 'string' }),
    stageStartedAt: nullable(isoInstant),
    dueAt: nullable(isoInstant),
    deadlineStatus: nullable(enumOf(DEADLINE_STATUSES)),
    warnAt: nullable(isoInstant),
    overdue: { type: 'boolean', description: 'The current stage ran past its due time (counted against the unit)' },
    siteCheck: { type: 'boolean', description: '需现场核查: the reply must carry site photos' },
    leaderSessionId: nullable({ type: 'string', description: '领导接听场次 it was taken in' }),
    liaisonId: nullable({ type: 'string', description: '社会联络员 who brought it' }),
    activityId: nullable({ type: 'string', description: '走基层活动 it was taken at' }),
    openOrders: { type: 'integer', description: 'Supervision / key-item orders the lead unit has not answered' },
    requiresSignOff: { type: 'boolean' },
    supervised: { type: 'boolean' },
    extensionPending: { type: 'boolean' },
    reworkCount: { type: 'integer' },
    urgeCount: { type: 'integer' },
    satisfaction: nullable(satisfactionSchema),
    finalReply: nullable({ type: 'string' }),
    closingNote: nullable({ type: 'string' }),
    createdAt: isoInstant,
    receivedAt: nullable(isoInstant),
    acknowledgedAt: nullable(isoInstant),
    responseWithinTarget: nullable({ type: 'boolean', description: 'GB/T 33358: SMS and online within 3 minutes, mailbox within 24 hours; null where no target applies or time remains' }),
    regionUnitId: nullable({ type: 'string', description: 'The district or street the case lies in (属地)' }),
    repeatOf: nullable({ type: 'string', description: 'The earlier case this one repeats (重复件)' }),
    mergedInto: nullable({ type: 'string', description: 'The case this one was merged into' }),
    callId: nullable({ type: 'string' }),
    recordingUrl: nullable({ type: 'string' }),
    updatedAt: isoInstant,
    dispatchedAt: nullable(isoInstant),
    acceptedAt: nullable(isoInstant),
    repliedAt: nullable(isoInstant),
    closedAt: nullable(isoInstant),
    archivedAt: nullable(isoInstant),
    allowedActions: { type: 'array', items: enumOf(CASE_ACTIONS) },
  },
} as const;

export const eventSchema = {
  type: 'object',
  properties: {
    seq: { type: 'integer' },
    action: { type: 'string' },
    actionLabel: { type: 'string' },
    fromState: nullable({ type: 'string' }),
    toState: { type: 'string' },
    actor: nullable({ type: 'object', properties: { id: uuid, name: { type: 'string' }, role: { type: 'string' } } }),
    unit: nullable(unitRef),
    at: isoInstant,
    payload: { type: 'object', additionalProperties: true },
  },
} as const;
