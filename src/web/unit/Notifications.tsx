/** 消息提醒: deadline warnings, overdue notices and escalations the timers send the unit; each can be marked read. */
import { useEffect, useState } from 'react';
import { Alert, Badge, Button, Drawer, List, Space, Tag, message } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { get, post } from '../shared/api';
import { useT } from '../shared/i18n';
import { useAsync } from '../shared/useAsync';
import { fmtTime } from '../shared/format';
import { Muted, errorText } from './ui';

export interface Notification {
  id: string;
  kind: string;
  message: string;
  caseId: string | null;
  caseNo: string | null;
  createdAt: string;
  readAt: string | null;
}

const KINDS: Record<string, { zh: string; en: string; color: string }> = {
  deadline_warning: { zh: '即将到期', en: 'Due soon', color: 'orange' },
  overdue: { zh: '已超期', en: 'Overdue', color: 'red' },
  supervision: { zh: '升级督办', en: 'Escalated', color: 'purple' },
  escalation: { zh: '升级督办', en: 'Escalated', color: 'purple' },
};

/** The bell with the unread count; opens the panel. */
export function NotificationsButton() {
  const t = useT();
  const [open, setOpen] = useState(false);
  const list = useAsync(() => get<Notification[]>('/api/notifications?limit=100'), []);
  const unread = (list.data ?? []).filter((n) => !n.readAt).length;
  const { reload } = list;
  useEffect(() => {
    // the timers keep writing; look again every two minutes
    const id = window.setInterval(reload, 120_000);
    return () => window.clearInterval(id);
  }, [reload]);

  async function markRead(ids: string[]) {
    try {
      await Promise.all(ids.map((id) => post(`/api/notifications/${id}/read`)));
      list.reload();
    } catch (e) {
      message.error(errorText(e));
    }
  }

  return (
    <>
      <Badge count={unread} size="small" offset={[-4, 4]}>
        <Button icon={<BellOutlined />} onClick={() => setOpen(true)} aria-label={t(`消息提醒（${unread} 条未读）`, `Notifications (${unread} unread)`)}>
          {t('消息提醒', 'Notifications')}
        </Button>
      </Badge>
      <Drawer
        open={open}
        onClose={() => setOpen(false)}
        size={480}
        title={t('消息提醒', 'Notifications')}
        extra={
          <Button size="small" disabled={unread === 0} onClick={() => void markRead((list.data ?? []).filter((n) => !n.readAt).map((n) => n.id))}>
            {t('全部标为已读', 'Mark all read')}
          </Button>
        }
      >
        {list.error && <Alert type="error" showIcon title={list.error.message} />}
        <List
          loading={list.loading}
          dataSource={list.data ?? []}
          locale={{ emptyText: t('暂无消息', 'No notifications') }}
          renderItem={(n) => {
            const k = KINDS[n.kind];
            return (
              <List.Item
                data-notification={n.kind}
                style={{ opacity: n.readAt ? 0.6 : 1 }}
                actions={
                  n.readAt
                    ? [<Muted key="r">{t('已读', 'Read')}</Muted>]
                    : [
                        <Button key="r" size="small" onClick={() => void markRead([n.id])} aria-label={t(`标为已读：${n.message}`, `Mark read: ${n.message}`)}>
                          {t('标为已读', 'Mark read')}
                        </Button>,
                      ]
                }
              >
                <Space orientation="vertical" size={2}>
                  <Space size={4}>
                    <Tag color={k?.color}>{k ? t(k.zh, k.en) : n.kind}</Tag>
                    <Muted>{fmtTime(n.createdAt)}</Muted>
                  </Space>
                  <span>{n.message}</span>
                  {n.caseId && (
                    <Link to={`/cases/${n.caseId}`} onClick={() => setOpen(false)}>
                      {t('打开诉求', 'Open case')} {n.caseNo}
                    </Link>
                  )}
                </Space>
              </List.Item>
            );
          }}
        />
      </Drawer>
    </>
  );
}
