/** 督办单 / 重点事项交办单 as every screen shows them: kind, status, overdue, and the printable PDF. */
import { Space, Tag } from 'antd';
import { FilePdfOutlined } from '@ant-design/icons';
import { useT } from './i18n';
import { TAG } from './format';
import type { OrderKind, OrderStatus } from './types';

export const ORDER_KIND_LABELS: Record<OrderKind, { zh: string; en: string }> = {
  supervision: { zh: '督办单', en: 'Supervision order' },
  key_item: { zh: '重点事项交办单', en: 'Key-item order' },
};

const STATUS: Record<OrderStatus, { zh: string; en: string; color: string }> = {
  open: { zh: '待反馈', en: 'Awaiting answer', color: TAG.amber },
  responded: { zh: '已反馈，待办结', en: 'Answered', color: TAG.blue },
  closed: { zh: '已办结', en: 'Closed', color: TAG.green },
};

/** Open past its deadline, whatever the server last marked. */
export function isOrderOverdue(o: { status: OrderStatus; dueAt: string; overdue: boolean }, now = Date.now()): boolean {
  return o.overdue || (o.status === 'open' && new Date(o.dueAt).getTime() < now);
}

export function OrderStatusTag({ order }: { order: { status: OrderStatus; dueAt: string; overdue: boolean } }) {
  const t = useT();
  const s = STATUS[order.status];
  return (
    <Space size={4} wrap>
      <Tag color={s.color} data-order-status={order.status}>
        {t(s.zh, s.en)}
      </Tag>
      {isOrderOverdue(order) && <Tag color={TAG.red}>{t('超期', 'Overdue')}</Tag>}
    </Space>
  );
}

export function OrderKindTag({ kind }: { kind: OrderKind }) {
  const t = useT();
  return <Tag color={kind === 'key_item' ? TAG.red : TAG.purple}>{t(ORDER_KIND_LABELS[kind].zh, ORDER_KIND_LABELS[kind].en)}</Tag>;
}

/** Opens the server's PDF in a new tab; the session cookie authenticates it. */
export function PdfLink({ href, label }: { href: string; label?: string }) {
  const t = useT();
  return (
    <a href={href} target="_blank" rel="noreferrer">
      <FilePdfOutlined aria-hidden /> {label ?? t('打印 / 下载PDF', 'Print / PDF')}
    </a>
  );
}
