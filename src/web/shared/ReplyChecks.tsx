/**
 * The reply checks of DOMAIN.md §7 as the server runs them (`POST /api/cases/:id/reply-check`): a
 * live checklist while the unit writes, and the stored results beside a reply under review. The
 * server's list of perfunctory phrases is the only one; nothing is checked here.
 */
import { useEffect, useState } from 'react';
import { CheckCircleFilled, CloseCircleFilled, ExclamationCircleFilled } from '@ant-design/icons';
import { post } from './api';
import { useLang } from './i18n';
import { TAG } from './format';
import type { ReplyCheck } from './types';

export interface ReplyDraftInput {
  content: string;
  attachmentIds: string[];
  contactedAt: string | null;
  citizenAttitude: string | null;
}

/** Runs the server's checks on the draft ~400 ms after the last change; `checks` stay until the next answer. */
export function useReplyCheck(caseId: string, draft: ReplyDraftInput): { checks: ReplyCheck[] | undefined; error: string | undefined; checking: boolean } {
  const [checks, setChecks] = useState<ReplyCheck[]>();
  const [error, setError] = useState<string>();
  const [checking, setChecking] = useState(false);
  const key = JSON.stringify(draft);
  useEffect(() => {
    let alive = true;
    setChecking(true);
    const timer = window.setTimeout(() => {
      post<{ ok: boolean; checks: ReplyCheck[] }>(`/api/cases/${caseId}/reply-check`, JSON.parse(key) as ReplyDraftInput)
        .then((r) => alive && (setChecks(r.checks), setError(undefined)))
        .catch((e: Error) => alive && setError(e.message))
        .finally(() => alive && setChecking(false));
    }, 400);
    return () => {
      alive = false;
      window.clearTimeout(timer);
    };
  }, [caseId, key]);
  return { checks, error, checking };
}

export const failedBlocking = (checks: readonly ReplyCheck[] | null | undefined) => (checks ?? []).filter((c) => !c.passed && c.blocking);
export const failedWarnings = (checks: readonly ReplyCheck[] | null | undefined) => (checks ?? []).filter((c) => !c.passed && !c.blocking);

/** Passed green, failed warnings orange, failed blocking checks red — each with an icon and words, never colour alone. */
export function ReplyChecklist({ checks, title, live, columns = 1 }: { checks: readonly ReplyCheck[]; title?: string; live?: boolean; columns?: number }) {
  const { lang, t } = useLang();
  const blocking = failedBlocking(checks).length;
  const warnings = failedWarnings(checks).length;
  const summary = blocking > 0 ? t(`${blocking} 项未通过，不能提交`, `${blocking} failed; cannot be submitted`) : warnings > 0 ? t(`可以提交，${warnings} 项提醒`, `may be submitted; ${warnings} warning(s)`) : t('全部通过', 'all passed');
  return (
    <div data-testid="reply-checks" data-blocking={blocking} aria-live={live ? 'polite' : undefined} style={{ border: '1px solid #e5e7eb', borderRadius: 4, padding: '8px 12px', background: '#fff' }}>
      <div style={{ fontWeight: 600, marginBottom: 4 }}>
        {title ?? t('反馈检查', 'Reply checks')}
        <span style={{ fontWeight: 400, marginLeft: 8, color: blocking ? TAG.red : warnings ? TAG.orange : TAG.green }}>{summary}</span>
      </div>
      <ul style={{ listStyle: 'none', margin: 0, padding: 0, display: 'grid', gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))`, columnGap: 16 }}>
        {checks.map((c) => {
          const state = c.passed ? 'passed' : c.blocking ? 'failed' : 'warning';
          const color = c.passed ? TAG.green : c.blocking ? TAG.red : TAG.orange;
          const Icon = c.passed ? CheckCircleFilled : c.blocking ? CloseCircleFilled : ExclamationCircleFilled;
          const word = c.passed ? t('通过', 'passed') : c.blocking ? t('未通过', 'failed') : t('提醒', 'warning');
          return (
            <li key={c.code} data-check={c.code} data-state={state} style={{ color, display: 'flex', gap: 6, alignItems: 'baseline', lineHeight: 1.7 }}>
              <Icon aria-hidden />
              <span>
                <span style={{ position: 'absolute', left: -9999 }}>{word}：</span>
                {lang === 'en' ? c.en : c.zh}
              </span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
