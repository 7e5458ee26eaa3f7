/** A role's queue: the cases a filter selects, soonest deadline first for the unit's clock. */
import { Alert, Button, Space } from 'antd';
import { get } from '../shared/api';
import { useAsync } from '../shared/useAsync';
import { useT } from '../shared/i18n';
import { CaseTable } from '../shared/CaseTable';
import type { CaseList } from '../shared/types';

export function CaseQueue({ query }: { query: string }) {
  const t = useT();
  const { data, error, loading, reload } = useAsync(() => get<CaseList>(`/api/cases?limit=200${query ? `&${query}` : ''}`), [query]);
  const items = [...(data?.items ?? [])].sort((a, b) => (a.dueAt && b.dueAt ? a.dueAt.localeCompare(b.dueAt) : a.dueAt ? -1 : b.dueAt ? 1 : 0));
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Button onClick={reload}>{t('刷新', 'Refresh')}</Button>
      {error && <Alert type="error" title={error.message} showIcon />}
      <CaseTable cases={items} loading={loading} />
    </Space>
  );
}
