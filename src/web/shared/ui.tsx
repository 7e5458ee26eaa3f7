/** Small pieces every screen shares: the page heading, a titled panel, error text, deadline order, Ctrl+Enter. */
import type { KeyboardEvent as ReactKeyboardEvent, ReactNode } from 'react';
import { Card, Typography } from 'antd';
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

/** A card with an h2 title (and controls on its right): a chart's or a table's frame on the analysis screens. */
export function Panel({ title, extra, children }: { title: ReactNode; extra?: ReactNode; children: ReactNode }) {
  return (
    <Card
      size="small"
      title={
        <Typography.Title level={2} style={{ fontSize: 15, margin: 0, whiteSpace: 'normal' }}>
          {title}
        </Typography.Title>
      }
      extra={extra}
      styles={{ body: { padding: 8 } }}
      style={{ height: '100%' }}
    >
      {children}
    </Card>
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
