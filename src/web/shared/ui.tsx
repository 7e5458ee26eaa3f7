/** Small pieces every screen shares: the page heading, error text, deadline order, Ctrl+Enter. */
import type { KeyboardEvent as ReactKeyboardEvent, ReactNode } from 'react';
import { Typography } from 'antd';
import { ApiError } from './api';
import type { CaseView } from './types';

/** Every page's one h1: modest, so the work stays above the fold at 1366×768. */
export function PageTitle({ children, extra }: { children: ReactNode; extra?: ReactNode }) {
  return (
    <div style={{ display: 'flex', alignItems: 'center', gap: 12, flexWrap: 'wrap' }}>
      <Typography.Title level={1} style={{ fontSize: 20, margin: 0 }}>
        {children}
      </Typography.Title>
      {extra && <div style={{ display: 'flex', alignItems: 'center', gap: 8, marginLeft: 'auto' }}>{extra}</div>}
    </div>
  );
}

/** Soonest deadline first; cases without a running clock last. */
export function byDeadline(a: CaseView, b: CaseView): number {
  if (a.dueAt && b.dueAt) return a.dueAt.localeCompare(b.dueAt);
  return a.dueAt ? -1 : b.dueAt ? 1 : a.createdAt.localeCompare(b.createdAt);
}

/** Ctrl+Enter (⌘+Enter) submits the form the key was pressed in. */
export function submitOnCtrlEnter(submit: () => void) {
  return (e: ReactKeyboardEvent) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      submit();
    }
  };
}

export function errorText(e: unknown): string {
  return e instanceof ApiError || e instanceof Error ? e.message : String(e);
}
