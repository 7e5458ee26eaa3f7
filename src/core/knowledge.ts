/**
 * The knowledge base (资料库, DOMAIN.md §10, §13; issue #12 §1): the content types of GB/T 44191
 * (policies and regulations, service guides, FAQ), the article's review workflow and the one table
 * of who may take which step where.
 *
 * 草稿 → 待审核 → 已发布 → 已失效: a unit or the centre writes a draft and edits it, submits it for
 * review; a supervisor or admin approves it (published) or sends it back with a note (draft); a
 * published article is expired by hand or lapses when its validity ends; an expired one is revised
 * into a new draft. The server enforces the table on every write; the web app shows the buttons
 * `allowedArticleActions` lists.
 */
import type { Role } from './enums';
import { CENTRE_ROLES } from './case-lifecycle';
import { DomainError } from './errors';

/** GB/T 44191-2024: what a government hotline's knowledge base holds. */
export const KNOWLEDGE_TYPES = ['policy', 'guide', 'faq'] as const;
export type KnowledgeType = (typeof KNOWLEDGE_TYPES)[number];

export const KNOWLEDGE_TYPE_LABELS: Record<KnowledgeType, { zh: string; en: string }> = {
  policy: { zh: '政策法规', en: 'Policy and regulation' },
  guide: { zh: '办事指南', en: 'Service guide' },
  faq: { zh: '常见问题', en: 'FAQ' },
};

export const ARTICLE_STATUSES = ['draft', 'review', 'published', 'expired'] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];

export const ARTICLE_STATUS_LABELS: Record<ArticleStatus, { zh: string; en: string }> = {
  draft: { zh: '草稿', en: 'Draft' },
  review: { zh: '待审核', en: 'Under review' },
  published: { zh: '已发布', en: 'Published' },
  expired: { zh: '已失效', en: 'Expired' },
};

export const ARTICLE_ACTIONS = ['edit', 'submit', 'approve', 'send_back', 'expire', 'revise'] as const;
export type ArticleAction = (typeof ARTICLE_ACTIONS)[number];

export const ARTICLE_ACTION_LABELS: Record<ArticleAction, { zh: string; en: string }> = {
  edit: { zh: '修改', en: 'Edit' },
  submit: { zh: '提交审核', en: 'Submit for review' },
  approve: { zh: '审核发布', en: 'Approve and publish' },
  send_back: { zh: '退回修改', en: 'Send back' },
  expire: { zh: '设为失效', en: 'Expire' },
  revise: { zh: '修订', en: 'Revise' },
};

/** Who writes articles: the units' staff and the centre's (DOMAIN.md §1). */
export const AUTHOR_ROLES = ['unit_handler', 'unit_leader', 'operator', 'dispatcher', 'supervisor', 'admin'] as const satisfies readonly Role[];
/** Who reviews, publishes and expires articles: the centre's quality staff. */
export const REVIEWER_ROLES = ['supervisor', 'admin'] as const satisfies readonly Role[];
/** Every signed-in staff role reads published articles; citizens use the portal instead. */
export const READER_ROLES = ['operator', 'dispatcher', 'supervisor', 'unit_handler', 'unit_leader', 'leader', 'admin', 'reporter'] as const satisfies readonly Role[];

/**
 * Where the actor must stand relative to the article:
 * - `owner`: the article's author, a user of the owning unit or of a unit above it, or a reviewer;
 * - `centre`: a user of the hotline centre.
 */
export type ArticleScope = 'owner' | 'centre';

interface ArticleTransition {
  from: readonly ArticleStatus[];
  roles: readonly Role[];
  scope: ArticleScope;
  to: ArticleStatus;
}

/** The transition table: the only place that says which step is allowed when, and to whom. */
export const ARTICLE_TRANSITIONS: Record<ArticleAction, ArticleTransition> = {
  edit: { from: ['draft'], roles: AUTHOR_ROLES, scope: 'owner', to: 'draft' },
  submit: { from: ['draft'], roles: AUTHOR_ROLES, scope: 'owner', to: 'review' },
  approve: { from: ['review'], roles: REVIEWER_ROLES, scope: 'centre', to: 'published' },
  send_back: { from: ['review'], roles: REVIEWER_ROLES, scope: 'centre', to: 'draft' },
  expire: { from: ['published'], roles: REVIEWER_ROLES, scope: 'centre', to: 'expired' },
  revise: { from: ['expired'], roles: AUTHOR_ROLES, scope: 'owner', to: 'draft' },
};

/** Steps that start a new version of the text. */
export const VERSION_BUMPING: readonly ArticleAction[] = ['edit', 'revise'];

/** The acting user, as the knowledge base needs to see them. */
export interface KnowledgeActor {
  userId: string;
  role: Role;
  unitId: string;
  /** Materialised path of the actor's unit: '/root/…/own/'. */
  unitPath: string;
  /** Whether the actor's unit is a hotline centre. */
  atCentre: boolean;
}

/** What a decision needs to know about the article. */
export interface ArticleFacts {
  status: ArticleStatus;
  /** Materialised path of the owning unit. */
  ownerUnitPath: string;
  createdBy: string | null;
  /** Last day of validity (YYYY-MM-DD, inclusive), or null for open-ended. */
  validTo: string | null;
}

const has = (roles: readonly Role[], role: Role) => roles.includes(role);

/** A supervisor or admin of the hotline centre. */
export function isReviewer(actor: KnowledgeActor): boolean {
  return actor.atCentre && has(REVIEWER_ROLES, actor.role);
}

/** A user of the centre with a centre role: may name any unit as the owner of an article. */
export function isCentreAuthor(actor: KnowledgeActor): boolean {
  return actor.atCentre && has(CENTRE_ROLES, actor.role);
}

/**
 * The article is in the actor's care: they wrote it, their unit owns it or lies above the owner
 * (a unit sees the units below it), or they review articles. The server applies the same rule in SQL.
 */
export function managesArticle(actor: KnowledgeActor, a: Pick<ArticleFacts, 'ownerUnitPath' | 'createdBy'>): boolean {
  if (isReviewer(actor)) return true;
  if (!has(AUTHOR_ROLES, actor.role)) return false;
  return a.createdBy === actor.userId || a.ownerUnitPath.startsWith(actor.unitPath);
}

/** Published articles are read by every staff role; drafts, reviews and expired ones by those who manage them. */
export function canViewArticle(actor: KnowledgeActor, a: Pick<ArticleFacts, 'status' | 'ownerUnitPath' | 'createdBy'>): boolean {
  if (!has(READER_ROLES, actor.role)) return false;
  return a.status === 'published' || managesArticle(actor, a);
}

/**
 * Who may write an article for a unit: a centre user for any unit, a unit's user for their own.
 * Throws `auth.forbidden` otherwise.
 */
export function assertMayAuthorFor(actor: KnowledgeActor, ownerUnitPath: string): void {
  if (!has(AUTHOR_ROLES, actor.role)) throw new DomainError('auth.forbidden', '当前角色无权编写资料', `role ${actor.role} may not write articles`);
  if (!isCentreAuthor(actor) && ownerUnitPath !== actor.unitPath) {
    throw new DomainError('auth.forbidden', '只能为本单位编写资料', 'you may only write articles for your own unit', { field: 'unit' });
  }
}

/** The article's validity has ended: its last day (inclusive) is before today (both YYYY-MM-DD, Shanghai). */
export function isLapsed(validTo: string | null, today: string): boolean {
  return validTo !== null && validTo < today;
}

/** In force today: published, begun and not lapsed. Only these are suggested to operators. */
export function isInForce(a: { status: ArticleStatus; validFrom: string | null; validTo: string | null }, today: string): boolean {
  return a.status === 'published' && (a.validFrom === null || a.validFrom <= today) && !isLapsed(a.validTo, today);
}

/** Checks a validity period; throws `validation.failed` naming the field. */
export function checkValidity(validFrom: string | null, validTo: string | null): void {
  for (const [field, v] of [['validFrom', validFrom], ['validTo', validTo]] as const) {
    if (v !== null && !/^\d{4}-\d{2}-\d{2}$/.test(v)) throw new DomainError('validation.failed', `日期格式应为 YYYY-MM-DD：${field}`, `${field} must be YYYY-MM-DD`, { field });
  }
  if (validFrom !== null && validTo !== null && validTo < validFrom) {
    throw new DomainError('validation.failed', '有效期截止日期不能早于起始日期', 'validTo must not be before validFrom', { field: 'validTo' });
  }
}

function inScope(actor: KnowledgeActor, scope: ArticleScope, a: ArticleFacts): boolean {
  return scope === 'centre' ? actor.atCentre : managesArticle(actor, a);
}

/** A refusal by the step's own rule, or null. */
function guard(action: ArticleAction, a: ArticleFacts, today: string): { zh: string; en: string } | null {
  if (action === 'approve' && isLapsed(a.validTo, today)) return { zh: '有效期已过，请修改有效期后再发布', en: 'its validity has ended; change the dates first' };
  return null;
}

/** Whether the actor may take the step on the article now: role, place, state and guard. */
export function canArticle(actor: KnowledgeActor, action: ArticleAction, a: ArticleFacts, today: string): boolean {
  const t = ARTICLE_TRANSITIONS[action];
  return has(t.roles, actor.role) && inScope(actor, t.scope, a) && t.from.includes(a.status) && guard(action, a, today) === null;
}

/** The steps the actor may take on the article (for the UI's buttons). */
export function allowedArticleActions(actor: KnowledgeActor, a: ArticleFacts, today: string): ArticleAction[] {
  return ARTICLE_ACTIONS.filter((action) => canArticle(actor, action, a, today));
}

/**
 * Decides a step: `auth.forbidden` for the wrong role or place, `conflict` (409) when the article's
 * status does not allow it, `validation.failed` when a send-back has no note; otherwise the status
 * after the step and whether it starts a new version.
 */
export function decideArticle(actor: KnowledgeActor, action: ArticleAction, a: ArticleFacts, input: { today: string; note?: string | null }): { to: ArticleStatus; bumpsVersion: boolean } {
  const t = ARTICLE_TRANSITIONS[action];
  const label = ARTICLE_ACTION_LABELS[action];
  if (!has(t.roles, actor.role)) {
    throw new DomainError('auth.forbidden', `当前角色无权执行“${label.zh}”`, `role ${actor.role} may not ${action} an article`, { action });
  }
  if (!inScope(actor, t.scope, a)) {
    const [zh, en] = t.scope === 'centre' ? ['热线中心', 'the hotline centre'] : ['作者或所属单位', 'the author or the owning unit'];
    throw new DomainError('auth.forbidden', `只有${zh}可以执行“${label.zh}”`, `only ${en} may ${action} this article`, { action });
  }
  if (!t.from.includes(a.status)) {
    throw new DomainError(
      'conflict',
      `资料当前状态为“${ARTICLE_STATUS_LABELS[a.status].zh}”，不能执行“${label.zh}”`,
      `cannot ${action} an article that is ${a.status}`,
      { status: a.status, action },
    );
  }
  const refusal = guard(action, a, input.today);
  if (refusal) throw new DomainError('conflict', `不能执行“${label.zh}”：${refusal.zh}`, `cannot ${action}: ${refusal.en}`, { status: a.status, action });
  if (action === 'send_back' && !input.note?.trim()) {
    throw new DomainError('validation.failed', '退回修改须填写意见', 'sending an article back needs a note', { field: 'note' });
  }
  return { to: t.to, bumpsVersion: VERSION_BUMPING.includes(action) };
}

/** The first characters of a text on one line, with an ellipsis when cut (list rows, suggestions). */
export function excerptOf(text: string, max = 120): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const chars = [...flat];
  return chars.length <= max ? flat : `${chars.slice(0, max).join('')}…`;
}
