/**
 * 公告栏 (DOMAIN.md §10, S4 annex 4): the filings under way or starting within 24 hours, by type, with
 * their unit, period, area and late flag, so operators answer callers on the spot. Refreshed every minute.
 */
import { useEffect, useRef } from 'react';
import { Alert, Button, Space, Spin, Typography } from 'antd';
import { get } from '../../shared/api';
import { useAsync } from '../../shared/useAsync';
import { useT } from '../../shared/i18n';
import { PageTitle } from '../../shared/ui';
import { fmtTime } from '../../shared/format';
import { BulletinList, type BulletinGroup } from '../../shared/filings';

const REFRESH_MS = 60_000;

export function BulletinPage() {
  const t = useT();
  const board = useAsync(() => get<{ at: string; count: number; groups: BulletinGroup[] }>('/api/bulletin'), []);
  const reload = useRef(board.reload);
  useEffect(() => {
    reload.current = board.reload;
  });
  useEffect(() => {
    const timer = setInterval(() => reload.current(), REFRESH_MS);
    return () => clearInterval(timer);
  }, []);
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%', maxWidth: 1100 }}>
      <PageTitle extra={<Button onClick={board.reload}>{t('刷新', 'Refresh')}</Button>}>{t('公告栏', 'Bulletin board')}</PageTitle>
      <Typography.Text type="secondary">
        {t('各单位报备的正在进行或 24 小时内开始的停水、停电、施工、管制等事项。群众来电咨询时可据此当即答复。', 'What units filed that is under way or starts within 24 hours — outages, works, closures and more — to answer callers on the spot.')}
        {board.data && ` ${t('更新于', 'As of')} ${fmtTime(board.data.at)}`}
      </Typography.Text>
      {board.error && <Alert type="error" showIcon title={board.error.message} />}
      {board.loading && !board.data && <Spin />}
      {board.data && <BulletinList groups={board.data.groups} />}
    </Space>
  );
}
