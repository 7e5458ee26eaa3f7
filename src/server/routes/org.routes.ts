/** /api/units, /api/users, /api/tokens, /api/categories and the personal-data access log. */
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../app';
import { requireRole, requireUser } from '../http/auth';
import { createUnit, createUser, findUnit, moveUnit } from '../org/org.repo';
import { createApiToken, hashPassword } from '../auth/auth.repo';
import { DomainError } from '../../core/errors';
import { isValidPhone } from '../../core/citizen';
import type { Role, UnitType } from '../../core/enums';
import { enumOf, errorResponses, nullable, roleSchema, str, unitTypeSchema, uuid } from './schemas';
import { TOKEN_SCOPES } from '../../core/scopes';
import { passwordProblem } from '../../core/password';

const unitSchema = {
  type: 'object',
  properties: { id: uuid, code: { type: 'string' }, name: { type: 'string' }, type: unitTypeSchema, parentId: nullable(uuid), depth: { type: 'integer' }, phone: nullable({ type: 'string' }), active: { type: 'boolean' } },
} as const;
const userSchema = {
  type: 'object',
  properties: { id: uuid, username: { type: 'string' }, displayName: { type: 'string' }, role: roleSchema, unitId: uuid, unitName: { type: 'string' }, phone: nullable({ type: 'string' }), mobile: nullable({ type: 'string' }), email: nullable({ type: 'string' }), active: { type: 'boolean' } },
} as const;
const PASSWORD = { type: 'string', minLength: 1, maxLength: 128, description: 'At least 10 characters, three of: lower case, upper case, digits, other signs; not the username' } as const;

function checkPassword(password: string | undefined, username: string | undefined) {
  if (password === undefined) return;
  const problem = passwordProblem(password, username);
  if (problem) throw new DomainError('validation.failed', `密码不符合要求：${problem.zh}`, `password: ${problem.en}`, { field: 'password' });
}

function checkPhones(body: { phone?: string | null; mobile?: string | null }) {
  for (const f of ['phone', 'mobile'] as const) {
    const v = body[f];
    if (v && !isValidPhone(v)) throw new DomainError('validation.failed', `电话号码格式不正确（${f}）`, `${f} is not a valid phone number`, { field: f });
  }
}

export function registerOrgRoutes(app: FastifyInstance, deps: AppDeps): void {
  const db = deps.db.db;

  app.get('/api/units', { schema: { tags: ['organisation'], summary: '单位树 — the unit tree, parents before children', response: { 200: { type: 'array', items: unitSchema } } } }, async (req) => {
    requireUser(req);
    const rows = await db.selectFrom('units').selectAll().orderBy('path').execute();
    return rows.map((u) => ({ id: u.id, code: u.code, name: u.name, type: u.type, parentId: u.parent_id, depth: u.path.split('/').length - 3, phone: u.phone, active: u.active }));
  });

  app.post(
    '/api/units',
    {
      schema: {
        tags: ['organisation'],
        summary: '新增单位 — add a unit (admin)',
        body: { type: 'object', additionalProperties: false, required: ['code', 'name', 'type'], properties: { code: str(64, 1, { pattern: '^[a-z0-9][a-z0-9_-]*$' }), name: str(100), type: unitTypeSchema, parent: str(64), phone: str(32) } },
        response: { 201: unitSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      requireRole(req, ['admin']);
      const b = req.body as { code: string; name: string; type: UnitType; parent?: string; phone?: string };
      checkPhones(b);
      const u = await db.transaction().execute((trx) => createUnit(trx, b));
      reply.status(201);
      return { id: u.id, code: u.code, name: u.name, type: u.type, parentId: u.parent_id, depth: u.path.split('/').length - 3, phone: u.phone, active: true };
    },
  );

  app.patch(
    '/api/units/:id',
    {
      schema: {
        tags: ['organisation'],
        summary: '修改单位 — rename, move, (de)activate a unit (admin)',
        params: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
        body: { type: 'object', additionalProperties: false, minProperties: 1, properties: { name: str(100), phone: nullable(str(32)), active: { type: 'boolean' }, parent: str(64) } },
        response: { 200: unitSchema, ...errorResponses },
      },
    },
    async (req) => {
      requireRole(req, ['admin']);
      const { id } = req.params as { id: string };
      const b = req.body as { name?: string; phone?: string | null; active?: boolean; parent?: string };
      checkPhones(b);
      const unit = await findUnit(db, id);
      if (!unit) throw new DomainError('unit.not_found', '单位不存在', 'no such unit');
      await db.transaction().execute(async (trx) => {
        if (b.parent) await moveUnit(trx, unit.id, b.parent);
        const patch = { ...(b.name ? { name: b.name } : {}), ...(b.phone !== undefined ? { phone: b.phone } : {}), ...(b.active !== undefined ? { active: b.active } : {}) };
        if (Object.keys(patch).length) await trx.updateTable('units').set(patch).where('id', '=', unit.id).execute();
      });
      const u = (await findUnit(db, unit.id))!;
      return { id: u.id, code: u.code, name: u.name, type: u.type, parentId: u.parent_id, depth: u.path.split('/').length - 3, phone: u.phone, active: u.active };
    },
  );

  app.get('/api/users', { schema: { tags: ['organisation'], summary: '用户列表 — users (admin: all; unit leader: own unit)', response: { 200: { type: 'array', items: userSchema }, ...errorResponses } } }, async (req) => {
    const user = requireRole(req, ['admin', 'unit_leader', 'supervisor']);
    let q = db.selectFrom('users').innerJoin('units', 'units.id', 'users.unit_id').select(['users.id', 'users.username', 'users.display_name', 'users.role', 'users.unit_id', 'units.name as unit_name', 'users.phone', 'users.mobile', 'users.email', 'users.active']);
    if (user.role === 'unit_leader') q = q.where('users.unit_id', '=', user.unitId);
    const rows = await q.orderBy('units.path').orderBy('users.username').execute();
    return rows.map((u) => ({ id: u.id, username: u.username, displayName: u.display_name, role: u.role, unitId: u.unit_id, unitName: u.unit_name, phone: u.phone, mobile: u.mobile, email: u.email, active: u.active }));
  });

  app.post(
    '/api/users',
    {
      schema: {
        tags: ['organisation'],
        summary: '新增用户 — add a user bound to a unit (admin)',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['username', 'displayName', 'password', 'role', 'unit'],
          properties: { username: str(64, 2, { pattern: '^[A-Za-z0-9_.-]+$' }), displayName: str(50), password: PASSWORD, role: roleSchema, unit: str(64), phone: str(32), mobile: str(32), email: { type: 'string', format: 'email', maxLength: 200, description: 'Reports (周报 …) are mailed here' } },
        },
        response: { 201: { type: 'object', properties: { id: uuid } }, ...errorResponses },
      },
    },
    async (req, reply) => {
      requireRole(req, ['admin']);
      const b = req.body as { username: string; displayName: string; password: string; role: Role; unit: string; phone?: string; mobile?: string; email?: string };
      checkPhones(b);
      checkPassword(b.password, b.username);
      const { id } = await createUser(db, b);
      reply.status(201);
      return { id };
    },
  );

  app.patch(
    '/api/users/:id',
    {
      schema: {
        tags: ['organisation'],
        summary: '修改用户 — change role, unit, password or deactivate (admin)',
        params: { type: 'object', properties: { id: uuid }, required: ['id'] },
        body: { type: 'object', additionalProperties: false, minProperties: 1, properties: { displayName: str(50), password: PASSWORD, role: roleSchema, unit: str(64), active: { type: 'boolean' }, phone: nullable(str(32)), mobile: nullable(str(32)), email: nullable({ type: 'string', format: 'email', maxLength: 200 }) } },
        response: { 204: { type: 'null' }, ...errorResponses },
      },
    },
    async (req, reply) => {
      const admin = requireRole(req, ['admin']);
      const { id } = req.params as { id: string };
      const b = req.body as { displayName?: string; password?: string; role?: Role; unit?: string; active?: boolean; phone?: string | null; mobile?: string | null; email?: string | null };
      checkPhones(b);
      if (b.password !== undefined) checkPassword(b.password, (await db.selectFrom('users').select('username').where('id', '=', id).executeTakeFirst())?.username);
      if (id === admin.userId && (b.active === false || (b.role && b.role !== 'admin'))) {
        throw new DomainError('validation.failed', '不能停用自己或取消自己的管理员角色', 'you cannot deactivate yourself or drop your own admin role');
      }
      const unit = b.unit ? await findUnit(db, b.unit) : undefined;
      if (b.unit && !unit) throw new DomainError('unit.not_found', `单位不存在：${b.unit}`, `no such unit: ${b.unit}`, { field: 'unit' });
      const res = await db
        .updateTable('users')
        .set({
          ...(b.displayName ? { display_name: b.displayName } : {}),
          ...(b.password ? { password_hash: await hashPassword(b.password) } : {}),
          ...(b.role ? { role: b.role } : {}),
          ...(unit ? { unit_id: unit.id } : {}),
          ...(b.active !== undefined ? { active: b.active } : {}),
          ...(b.phone !== undefined ? { phone: b.phone } : {}),
          ...(b.mobile !== undefined ? { mobile: b.mobile } : {}),
          ...(b.email !== undefined ? { email: b.email?.trim() || null } : {}),
        })
        .where('id', '=', id)
        .executeTakeFirst();
      if (!res.numUpdatedRows) throw new DomainError('user.not_found', '用户不存在', 'no such user');
      // a deactivated user or a password change ends every session of that user
      if (b.active === false || b.password) await db.deleteFrom('sessions').where('user_id', '=', id).execute();
      return reply.status(204).send();
    },
  );

  app.get('/api/tokens', { schema: { tags: ['integration'], summary: 'API 令牌列表 — API tokens (admin)' } }, async (req) => {
    requireRole(req, ['admin']);
    const rows = await db
      .selectFrom('api_tokens')
      .innerJoin('users', 'users.id', 'api_tokens.user_id')
      .select(['api_tokens.id', 'api_tokens.name', 'api_tokens.prefix', 'api_tokens.scopes', 'users.username', 'api_tokens.created_at', 'api_tokens.last_used_at', 'api_tokens.revoked_at'])
      .orderBy('api_tokens.created_at', 'desc')
      .execute();
    return rows.map((t) => ({ id: t.id, name: t.name, prefix: t.prefix, scopes: t.scopes, username: t.username, createdAt: t.created_at, lastUsedAt: t.last_used_at, revokedAt: t.revoked_at }));
  });

  app.post(
    '/api/tokens',
    {
      schema: {
        tags: ['integration'],
        summary: '创建 API 令牌 — create a token acting as a user; the token is shown only once (admin)',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['name', 'user'],
          properties: {
            name: str(100),
            user: str(64, 1, { description: 'username or id' }),
            scopes: { type: 'array', minItems: 1, maxItems: 6, uniqueItems: true, items: enumOf(TOKEN_SCOPES), description: 'What the token may call (default ["*"]): read, write, intake, open311, transfer' },
          },
        },
        response: { 201: { type: 'object', properties: { id: uuid, token: { type: 'string' }, prefix: { type: 'string' }, scopes: { type: 'array', items: { type: 'string' } } } }, ...errorResponses },
      },
    },
    async (req, reply) => {
      const admin = requireRole(req, ['admin']);
      const b = req.body as { name: string; user: string; scopes?: string[] };
      const target = await db.selectFrom('users').select('id').where((eb) => eb.or([eb('username', '=', b.user), ...(/^[0-9a-f-]{36}$/i.test(b.user) ? [eb('id', '=', b.user)] : [])])).executeTakeFirst();
      if (!target) throw new DomainError('user.not_found', `用户不存在：${b.user}`, `no such user: ${b.user}`, { field: 'user' });
      reply.status(201);
      return createApiToken(db, { name: b.name, userId: target.id, createdBy: admin.userId, now: deps.clock(), scopes: b.scopes });
    },
  );

  app.delete('/api/tokens/:id', { schema: { tags: ['integration'], summary: '吊销令牌 — revoke a token (admin)', params: { type: 'object', properties: { id: uuid }, required: ['id'] } } }, async (req, reply) => {
    requireRole(req, ['admin']);
    const { id } = req.params as { id: string };
    const res = await db.updateTable('api_tokens').set({ revoked_at: deps.clock() }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
    if (!res.numUpdatedRows) throw new DomainError('not_found', '令牌不存在或已吊销', 'no such active token');
    return reply.status(204).send();
  });

  app.get(
    '/api/categories',
    {
      schema: {
        tags: ['organisation'],
        summary: '诉求分类 — the category tree, parents before children',
        response: { 200: { type: 'array', items: { type: 'object', properties: { code: { type: 'string' }, name: { type: 'string' }, parentCode: nullable({ type: 'string' }), level: { type: 'integer' } } } } },
      },
    },
    async (req) => {
      requireUser(req);
      const rows = await db.selectFrom('categories').selectAll().where('active', '=', true).orderBy('code').execute();
      return rows.map((c) => ({ code: c.code, name: c.name, parentCode: c.parent_code, level: c.level }));
    },
  );

  app.get(
    '/api/access-log',
    {
      schema: {
        tags: ['personal data'],
        summary: '个人信息查看记录 — every unmasked view of personal data (admin, supervisor)',
        querystring: { type: 'object', additionalProperties: false, properties: { user: { type: 'string' }, case: { type: 'string' }, limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 } } },
      },
    },
    async (req) => {
      requireRole(req, ['admin', 'supervisor']);
      const q = req.query as { user?: string; case?: string; limit: number };
      let query = db
        .selectFrom('personal_data_access_log as l')
        .innerJoin('users as u', 'u.id', 'l.user_id')
        .innerJoin('cases as c', 'c.id', 'l.case_id')
        .select(['l.id', 'u.username', 'u.display_name', 'c.case_no', 'l.fields', 'l.purpose', 'l.ip', 'l.at']);
      if (q.user) query = query.where('u.username', '=', q.user);
      if (q.case) query = query.where('c.case_no', '=', q.case);
      const rows = await query.orderBy('l.at', 'desc').limit(q.limit).execute();
      return rows.map((r) => ({ id: r.id, username: r.username, displayName: r.display_name, caseNo: r.case_no, fields: r.fields.split(','), purpose: r.purpose, ip: r.ip, at: r.at }));
    },
  );
}
