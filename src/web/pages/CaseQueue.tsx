/** A role's queue: the cases a filter selects, soonest deadline first for the unit's clock. */
import { Alert, Button, Space, Typography } from 'antd';
import { get } from '../shared/api';
import { useAsync } from '../shared/useAsync';
import { useT } from '../shared/i18n';
import { CaseTable } from '../shared/CaseTable';
import { byDeadline } from '../shared/ui';
import type { CaseList } from '../shared/types';
import { useCaseEvents } from '../shared/useCaseEvents';
import { LiveBadge } from '../shared/LiveBadge';

export function CaseQueue({ query, zh = '诉求', en = 'Cases' }: { query: string; zh?: string; en?: string }) {
  const t = useT();
  const { data, error, loading, reload } = useAsync(() => get<CaseList>(`/api/cases?limit=200${query ? `&${query}` : ''}`), [query]);
  const items = [...(data?.items ?? [])].sort(byDeadline);
  // a visible case changed (on any instance): reload once per burst
  const live = useCaseEvents(reload, { debounceMs: 500 });
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space>
        <Typography.Title level={1} style={{ fontSize: 20, margin: 0 }}>
          {t(zh, en)}
        </Typography.Title>
        <Button onClick={reload}>{t('刷新', 'Refresh')}</Button>
        <LiveBadge live={live} />
      </Space>
      {error && <Alert type="error" title={error.message} showIcon />}
      <CaseTable cases={items} loading={loading} />
    </Space>
  );
}
