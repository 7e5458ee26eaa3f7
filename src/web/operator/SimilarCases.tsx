/** A compact list of case summaries: the caller's history, or open cases that look like the same matter. */
import type { ReactNode } from 'react';
import { Empty, Flex, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { CASE_STATE_LABELS, type CaseState } from '../../core/case-lifecycle';
import { fmtTime } from '../shared/format';
import { useLang } from '../shared/i18n';
import type { CaseSummary } from './cti';

export function SimilarCases({ items, empty, newTab, actions, label }: { items: CaseSummary[]; empty: string; newTab?: boolean; actions?: (c: CaseSummary) => ReactNode; label: string }) {
  const { lang, t } = useLang();
  if (items.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} style={{ margin: '8px 0' }} />;
  return (
    <ul aria-label={label} style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {items.map((c) => (
        <li key={c.id} data-case-no={c.caseNo} style={{ padding: '6px 0', borderBottom: '1px solid #f0f0f0' }}>
          <Flex justify="space-between" gap={8} align="baseline">
            <Typography.Text ellipsis style={{ flex: 1, minWidth: 0 }} title={c.title}>
              {newTab ? (
                <a href={`/cases/${c.id}`} target="_blank" rel="noreferrer">
                  {c.title}
                </a>
              ) : (
                <Link to={`/cases/${c.id}`}>{c.title}</Link>
              )}
            </Typography.Text>
            <Tag style={{ marginInlineEnd: 0 }}>{CASE_STATE_LABELS[c.state as CaseState]?.[lang] ?? c.state}</Tag>
          </Flex>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {c.caseNo} · {fmtTime(c.createdAt)}
            {c.reason === 'same_caller' ? ` · ${t('同一来电人', 'same caller')}` : ''}
            {c.address ? ` · ${c.address}` : ''}
          </Typography.Text>
          {actions && <div style={{ marginTop: 4 }}>{actions(c)}</div>}
        </li>
      ))}
    </ul>
  );
}
