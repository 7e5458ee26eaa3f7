/** The knowledge base's shapes (src/server/routes/knowledge.routes.ts) and how the screens name them. */
import type { ArticleAction, ArticleStatus, KnowledgeType } from '../../core/knowledge';
import { TAG } from './format';

export interface ArticleItem {
  id: string;
  type: KnowledgeType;
  typeLabel: string;
  title: string;
  /** The body's first 120 characters. */
  excerpt: string;
  category: { code: string; name: string } | null;
  ownerUnit: { id: string; code: string; name: string };
  validFrom: string | null;
  validTo: string | null;
  inForce: boolean;
  status: ArticleStatus;
  statusLabel: string;
  version: number;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
  reviewNote: string | null;
  publishedAt: string | null;
  expiredAt: string | null;
  useCount: number;
  allowedActions: ArticleAction[];
  /** With a search: ts_rank and the query's words the article holds. */
  rank?: number;
  matched?: string[];
}

export interface Article extends ArticleItem {
  body: string;
}

/** POST /api/knowledge/suggest: an article for the case being typed. */
export interface ArticleSuggestion {
  id: string;
  type: KnowledgeType;
  typeLabel: string;
  title: string;
  excerpt: string;
  matched: string[];
  rank: number;
  useCount: number;
}

export interface KnowledgeStats {
  total: number;
  uses: number;
  byType: Record<KnowledgeType, number>;
  byStatus: Record<ArticleStatus, number>;
  counts: { type: KnowledgeType; status: ArticleStatus; count: number }[];
  mostUsed: { id: string; type: KnowledgeType; title: string; status: ArticleStatus; unitName: string; useCount: number }[];
}

/** The article chosen to answer with: its text fills the answer, its id goes with the `answer` step. */
export interface ChosenArticle {
  id: string;
  title: string;
  body: string;
}

/** Solid tag colours (white text, AA contrast) per status and per type. */
export const STATUS_COLOR: Record<ArticleStatus, string> = { draft: TAG.grey, review: TAG.amber, published: TAG.green, expired: TAG.red };
export const TYPE_COLOR: Record<KnowledgeType, string> = { policy: TAG.purple, guide: TAG.blue, faq: TAG.orange };
