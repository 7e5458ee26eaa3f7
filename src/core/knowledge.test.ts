import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  ARTICLE_ACTIONS,
  ARTICLE_STATUSES,
  ARTICLE_TRANSITIONS,
  allowedArticleActions,
  assertMayAuthorFor,
  canArticle,
  canViewArticle,
  checkValidity,
  decideArticle,
  excerptOf,
  isInForce,
  isLapsed,
  type ArticleFacts,
  type KnowledgeActor,
} from './knowledge';
import { ROLES, type Role } from './enums';
import { DomainError } from './errors';

const CENTRE = '/gov/centre/';
const DEPT_A = '/gov/deptA/';
const DEPT_B = '/gov/deptB/';
const STREET = '/gov/district/street1/';

const actor = (role: Role, unitPath: string, userId = `${role}@${unitPath}`): KnowledgeActor => ({
  userId,
  role,
  unitId: unitPath,
  unitPath,
  atCentre: unitPath === CENTRE,
});
const operator = actor('operator', CENTRE);
const supervisor = actor('supervisor', CENTRE);
const admin = actor('admin', CENTRE);
const handlerA = actor('unit_handler', DEPT_A);
const handlerB = actor('unit_handler', DEPT_B);
const district = actor('unit_leader', '/gov/district/');
const leader = actor('leader', '/gov/');
const citizen = actor('citizen', CENTRE);

const article = (over: Partial<ArticleFacts> = {}): ArticleFacts => ({ status: 'draft', ownerUnitPath: DEPT_A, createdBy: handlerA.userId, validTo: null, ...over });
const TODAY = '2026-03-02';

function refusal(f: () => unknown): DomainError {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('the review workflow', () => {
  it('walks draft → review → published → expired → draft, bumping the version on edits and revisions', () => {
    let a = article();
    expect(decideArticle(handlerA, 'edit', a, { today: TODAY })).toEqual({ to: 'draft', bumpsVersion: true });
    expect(decideArticle(handlerA, 'submit', a, { today: TODAY })).toEqual({ to: 'review', bumpsVersion: false });
    a = article({ status: 'review' });
    expect(decideArticle(supervisor, 'send_back', a, { today: TODAY, note: '请补充办理地点' }).to).toBe('draft');
    expect(decideArticle(admin, 'approve', a, { today: TODAY }).to).toBe('published');
    a = article({ status: 'published' });
    expect(decideArticle(supervisor, 'expire', a, { today: TODAY }).to).toBe('expired');
    a = article({ status: 'expired' });
    expect(decideArticle(handlerA, 'revise', a, { today: TODAY })).toEqual({ to: 'draft', bumpsVersion: true });
  });

  it('refuses a step the status does not allow with 409 conflict naming the status', () => {
    const e = refusal(() => decideArticle(handlerA, 'edit', article({ status: 'published' }), { today: TODAY }));
    expect(e.code).toBe('conflict');
    expect(e.message).toBe('资料当前状态为“已发布”，不能执行“修改”');
    expect(e.messageEn).toBe('cannot edit an article that is published');
    expect(e.details).toEqual({ status: 'published', action: 'edit' });
    expect(refusal(() => decideArticle(supervisor, 'approve', article({ status: 'draft' }), { today: TODAY })).code).toBe('conflict');
    expect(refusal(() => decideArticle(supervisor, 'expire', article({ status: 'review' }), { today: TODAY })).code).toBe('conflict');
    expect(refusal(() => decideArticle(handlerA, 'revise', article({ status: 'published' }), { today: TODAY })).code).toBe('conflict');
  });

  it('refuses the wrong role or unit with auth.forbidden', () => {
    const review = article({ status: 'review' });
    let e = refusal(() => decideArticle(handlerA, 'approve', review, { today: TODAY }));
    expect(e.code).toBe('auth.forbidden');
    expect(e.message).toBe('当前角色无权执行“审核发布”');
    expect(refusal(() => decideArticle(operator, 'approve', review, { today: TODAY })).code).toBe('auth.forbidden');
    e = refusal(() => decideArticle(handlerB, 'submit', article(), { today: TODAY }));
    expect(e.code).toBe('auth.forbidden');
    expect(e.messageEn).toBe('only the author or the owning unit may submit this article');
    // a supervisor of a unit is not the centre's reviewer
    expect(refusal(() => decideArticle(actor('supervisor', DEPT_A), 'approve', review, { today: TODAY })).code).toBe('auth.forbidden');
    expect(refusal(() => decideArticle(leader, 'edit', article(), { today: TODAY })).code).toBe('auth.forbidden');
  });

  it('the role is checked before the state, the state before the note', () => {
    expect(refusal(() => decideArticle(handlerA, 'approve', article({ status: 'draft' }), { today: TODAY })).code).toBe('auth.forbidden');
    expect(refusal(() => decideArticle(supervisor, 'send_back', article({ status: 'draft' }), { today: TODAY })).code).toBe('conflict');
    const e = refusal(() => decideArticle(supervisor, 'send_back', article({ status: 'review' }), { today: TODAY, note: '  ' }));
    expect(e.code).toBe('validation.failed');
    expect(e.details).toEqual({ field: 'note' });
  });

  it('does not publish an article whose validity has already ended', () => {
    const a = article({ status: 'review', validTo: '2026-03-01' });
    const e = refusal(() => decideArticle(supervisor, 'approve', a, { today: TODAY }));
    expect(e.code).toBe('conflict');
    expect(e.message).toContain('有效期已过');
    expect(canArticle(supervisor, 'approve', { ...a, validTo: TODAY }, TODAY)).toBe(true);
  });

  it('units above the owner, the author and the reviewers manage a draft; others do not', () => {
    const streetDraft = article({ ownerUnitPath: STREET, createdBy: 'someone' });
    expect(allowedArticleActions(district, streetDraft, TODAY)).toEqual(['edit', 'submit']);
    expect(allowedArticleActions(handlerA, streetDraft, TODAY)).toEqual([]);
    expect(allowedArticleActions(supervisor, streetDraft, TODAY)).toEqual(['edit', 'submit']);
    // a centre author who wrote a unit's article keeps it in their care
    const byOperator = article({ ownerUnitPath: DEPT_B, createdBy: operator.userId });
    expect(allowedArticleActions(operator, byOperator, TODAY)).toEqual(['edit', 'submit']);
    expect(allowedArticleActions(operator, article(), TODAY)).toEqual([]);
    expect(allowedArticleActions(supervisor, article({ status: 'review' }), TODAY)).toEqual(['approve', 'send_back']);
    expect(allowedArticleActions(admin, article({ status: 'published' }), TODAY)).toEqual(['expire']);
  });

  it('allowedArticleActions agrees with decideArticle for every role, place and status (property)', () => {
    const actors = [operator, supervisor, admin, handlerA, handlerB, district, leader, citizen, actor('dispatcher', CENTRE), actor('unit_leader', DEPT_A)];
    fc.assert(
      fc.property(fc.constantFrom(...actors), fc.constantFrom(...ARTICLE_STATUSES), fc.constantFrom(DEPT_A, STREET, CENTRE), fc.option(fc.constantFrom('2026-03-01', '2026-12-31')), (who, status, owner, validTo) => {
        const a = article({ status, ownerUnitPath: owner, validTo });
        const allowed = allowedArticleActions(who, a, TODAY);
        for (const action of ARTICLE_ACTIONS) {
          let ok = true;
          try {
            decideArticle(who, action, a, { today: TODAY, note: '意见' });
          } catch {
            ok = false;
          }
          expect(ok, `${who.role} ${action} ${status}`).toBe(allowed.includes(action));
          if (ok) expect(ARTICLE_TRANSITIONS[action].from).toContain(status);
        }
      }),
    );
  });
});

describe('who reads and writes', () => {
  it('every staff role reads published articles; drafts only those who manage them; citizens none', () => {
    for (const role of ROLES) {
      const who = actor(role, DEPT_B);
      expect(canViewArticle(who, article({ status: 'published' })), role).toBe(role !== 'citizen');
    }
    for (const status of ['draft', 'review', 'expired'] as const) {
      expect(canViewArticle(operator, article({ status }))).toBe(false);
      expect(canViewArticle(handlerB, article({ status }))).toBe(false);
      expect(canViewArticle(handlerA, article({ status }))).toBe(true);
      expect(canViewArticle(supervisor, article({ status }))).toBe(true);
    }
    expect(canViewArticle(citizen, article({ status: 'published' }))).toBe(false);
  });

  it('a centre user names any owner unit; a unit user writes only for their own unit', () => {
    expect(() => assertMayAuthorFor(operator, DEPT_A)).not.toThrow();
    expect(() => assertMayAuthorFor(handlerA, DEPT_A)).not.toThrow();
    const e = refusal(() => assertMayAuthorFor(handlerA, DEPT_B));
    expect(e.code).toBe('auth.forbidden');
    expect(e.message).toBe('只能为本单位编写资料');
    expect(refusal(() => assertMayAuthorFor(leader, '/gov/')).code).toBe('auth.forbidden');
    expect(refusal(() => assertMayAuthorFor(citizen, CENTRE)).code).toBe('auth.forbidden');
  });
});

describe('validity', () => {
  it('lapses after the last day, inclusive', () => {
    expect(isLapsed(null, TODAY)).toBe(false);
    expect(isLapsed(TODAY, TODAY)).toBe(false);
    expect(isLapsed('2026-03-01', TODAY)).toBe(true);
  });

  it('is in force when published, begun and not lapsed', () => {
    expect(isInForce({ status: 'published', validFrom: null, validTo: null }, TODAY)).toBe(true);
    expect(isInForce({ status: 'published', validFrom: '2026-03-03', validTo: null }, TODAY)).toBe(false);
    expect(isInForce({ status: 'published', validFrom: TODAY, validTo: TODAY }, TODAY)).toBe(true);
    expect(isInForce({ status: 'published', validFrom: null, validTo: '2026-03-01' }, TODAY)).toBe(false);
    expect(isInForce({ status: 'review', validFrom: null, validTo: null }, TODAY)).toBe(false);
  });

  it('refuses an end before the start, and malformed dates, naming the field', () => {
    expect(() => checkValidity('2026-01-01', '2026-12-31')).not.toThrow();
    expect(() => checkValidity(null, null)).not.toThrow();
    expect(refusal(() => checkValidity('2026-12-31', '2026-01-01')).details).toEqual({ field: 'validTo' });
    expect(refusal(() => checkValidity('2026/1/1', null)).details).toEqual({ field: 'validFrom' });
  });
});

describe('excerptOf', () => {
  it('keeps short text, cuts long text on characters with an ellipsis, flattens whitespace', () => {
    expect(excerptOf('短文本')).toBe('短文本');
    expect(excerptOf('一\n\n二  三')).toBe('一 二 三');
    const long = '公'.repeat(130);
    expect(excerptOf(long)).toBe(`${'公'.repeat(120)}…`);
    expect([...excerptOf('😀'.repeat(10), 5)]).toHaveLength(6);
  });
});
