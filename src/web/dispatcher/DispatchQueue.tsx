/**
 * 待派单: the registered cases, soonest deadline first; 派单 opens the case on the desk beside the
 * queue, and after each dispatch the next case in the queue comes up.
 */
import { useState } from 'react';
import { Alert, Button, Drawer, Flex, Typography } from 'antd';
import { get } from '../shared/api';
import { useAsync } from '../shared/useAsync';
import { useT } from '../shared/i18n';
import { CaseTable } from '../shared/CaseTable';
import type { CaseList, CaseView } from '../shared/types';
import { DispatchWorkspace } from './DispatchWorkspace';
import { useCaseEvents } from '../shared/useCaseEvents';
import { LiveBadge } from '../shared/LiveBadge';

const byDeadline = (a: CaseView, b: CaseView) => (a.dueAt && b.dueAt ? a.dueAt.localeCompare(b.dueAt) : a.dueAt ? -1 : b.dueAt ? 1 : a.createdAt.localeCompare(b.createdAt));

export function DispatchQueue() {
  const t = useT();
  const { data, error, loading, reload } = useAsync(() => get<CaseList>('/api/cases?state=registered&limit=200'), []);
  const items = [...(data?.items ?? [])].sort(byDeadline);
  // new registrations and dispatches by other dispatchers show up without a refresh
  const live = useCaseEvents(reload, { debounceMs: 500 });
  const [openId, setOpenId] = useState<string | null>(null);
  const index = items.findIndex((c) => c.id === openId);
  const current = index >= 0 ? items[index] : undefined;
  const next = index >= 0 ? items[index + 1] : undefined;

  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="baseline">
        <Typography.Title level={1} style={{ fontSize: 20, margin: 0 }}>
          {t('待派单', 'To dispatch')}
          <Typography.Text type="secondary" style={{ fontSize: 14, marginInlineStart: 8 }}>
            {data ? t(`${items.length} 件`, `${items.length} cases`) : ''}
          </Typography.Text>
        </Typography.Title>
        <Flex gap={12} align="center">
          <LiveBadge live={live} />
          <Button onClick={reload}>{t('刷新', 'Refresh')}</Button>
        </Flex>
      </Flex>
      {error && <Alert type="error" title={error.message} showIcon />}
      <CaseTable
        cases={items}
        loading={loading}
        extra={[
          {
            title: t('操作', 'Action'),
            render: (c) => (
              <Button size="small" type="primary" onClick={() => setOpenId(c.id)} data-testid="open-dispatch" data-case-no={c.caseNo}>
                {t('派单', 'Dispatch')}
              </Button>
            ),
          },
        ]}
      />
      <Drawer
        open={!!current}
        onClose={() => setOpenId(null)}
        size={880}
        destroyOnHidden
        title={current ? `${current.caseNo} ${current.title}` : ''}
        extra={
          <Button disabled={!next} onClick={() => next && setOpenId(next.id)}>
            {t('下一件', 'Next')}
          </Button>
        }
      >
        {current && (
          <DispatchWorkspace
            key={current.id}
            c={current}
            onDone={(left) => {
              // a case that has left the queue makes way for the one after it
              if (left) setOpenId(next?.id ?? null);
              reload();
            }}
          />
        )}
      </Drawer>
    </Flex>
  );
}
