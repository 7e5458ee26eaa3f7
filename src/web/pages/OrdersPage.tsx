/**
 * 督办单: supervision and key-item orders (S2, S4 annex 3) with their deadlines and the units'
 * written answers. The centre sees all and closes an answered order; a unit sees its own and
 * answers from the case page (督办反馈). Each order prints as a PDF.
 */
import { useMemo, useState } from 'react';
import { Alert, Button, Input, Modal, Segmented, Select, Space, Table, Typography, message } from 'antd';
import { Link } from 'react-router-dom';
import { get, post, qs } from '../shared/api';
import { useT } from '../shared/i18n';
import { useAsync } from '../shared/useAsync';
import { fmtTime } from '../shared/format';
import { PageTitle, errorText } from '../shared/ui';
import { ORDER_KIND_LABELS, OrderKindTag, OrderStatusTag, PdfLink, isOrderOverdue } from '../shared/orders';
import type { OrderKind, SupervisionOrder } from '../shared/types';

type Filter = 'all' | 'open' | 'overdue' | 'responded' | 'closed';

export function OrdersPage({ canClose }: { canClose: boolean }) {
  const t = useT();
  const [kind, setKind] = useState<OrderKind>();
  const [chosen, setFilter] = useState<Filter>();
  const [closing, setClosing] = useState<SupervisionOrder | null>(null);
  const { data, error, loading, reload } = useAsync(() => get<SupervisionOrder[]>(`/api/supervision-orders${qs({ kind, limit: 500 })}`), [kind]);
  const all = useMemo(() => data ?? [], [data]);
  const of = (f: Filter) => all.filter((o) => (f === 'all' ? true : f === 'overdue' ? o.status === 'open' && isOrderOverdue(o) : o.status === f));
  // open where the work is — answers to close, or orders to answer — until the user picks
  const filter: Filter = chosen ?? ((canClose ? ['responded', 'overdue', 'open'] : ['overdue', 'open']) as Filter[]).find((f) => of(f).length > 0) ?? 'all';
  const shown = of(filter);
  const label = (zh: string, en: string, f: Filter) => `${t(zh, en)} (${of(f).length})`;

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <PageTitle
        extra={
          <>
            <Select
              allowClear
              aria-label={t('类别', 'Kind')}
              placeholder={t('全部类别', 'All kinds')}
              style={{ width: 170 }}
              value={kind}
              onChange={setKind}
              options={(Object.keys(ORDER_KIND_LABELS) as OrderKind[]).map((k) => ({ value: k, label: t(ORDER_KIND_LABELS[k].zh, ORDER_KIND_LABELS[k].en) }))}
            />
            <Button onClick={reload}>{t('刷新', 'Refresh')}</Button>
          </>
        }
      >
        {t('督办单', 'Supervision orders')}
      </PageTitle>
      <Segmented<Filter>
        value={filter}
        onChange={setFilter}
        aria-label={t('按状态筛选', 'Filter by status')}
        options={[
          { value: 'open', label: label('待反馈', 'Awaiting answer', 'open') },
          { value: 'overdue', label: label('超期未反馈', 'Overdue', 'overdue') },
          { value: 'responded', label: label('已反馈待办结', 'Answered', 'responded') },
          { value: 'closed', label: label('已办结', 'Closed', 'closed') },
          { value: 'all', label: label('全部', 'All', 'all') },
        ]}
      />
      {error && <Alert type="error" title={error.message} showIcon />}
      <Table<SupervisionOrder>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={shown}
        pagination={{ pageSize: 20, showSizeChanger: false }}
        locale={{ emptyText: t('没有督办单', 'No order') }}
        expandable={{
          expandedRowRender: (o) => <OrderText o={o} />,
        }}
        columns={[
          {
            title: t('编号', 'No.'),
            dataIndex: 'orderNo',
            width: 210,
            render: (v: string, o) => (
              <Space size={4} wrap>
                {v}
                <OrderKindTag kind={o.kind} />
              </Space>
            ),
          },
          { title: t('诉求编号', 'Case'), dataIndex: 'caseNo', width: 140, render: (v: string, o) => <Link to={`/cases/${o.caseId}`}>{v}</Link> },
          { title: t('诉求标题', 'Title'), dataIndex: 'caseTitle', ellipsis: true },
          { title: t('承办单位', 'Unit'), dataIndex: ['unit', 'name'], width: 160, ellipsis: true },
          { title: t('反馈期限', 'Answer by'), dataIndex: 'dueAt', width: 130, render: (v: string) => fmtTime(v) },
          { title: t('状态', 'Status'), dataIndex: 'status', width: 150, render: (_: string, o) => <OrderStatusTag order={o} /> },
          {
            title: t('操作', 'Actions'),
            key: 'actions',
            width: 180,
            render: (_: unknown, o) => (
              <Space size={8} wrap>
                <PdfLink href={`/api/supervision-orders/${o.id}/pdf`} label={t('打印/PDF', 'PDF')} />
                {canClose && o.status === 'responded' && (
                  <Button size="small" type="primary" onClick={() => setClosing(o)} aria-label={t(`办结 ${o.orderNo}`, `Close ${o.orderNo}`)}>
                    {t('办结', 'Close')}
                  </Button>
                )}
                {!canClose && o.status === 'open' && <Link to={`/cases/${o.caseId}`}>{t('去反馈', 'Answer')}</Link>}
              </Space>
            ),
          },
        ]}
      />
      {closing && <CloseModal order={closing} onClose={() => setClosing(null)} onDone={() => (setClosing(null), reload())} />}
    </Space>
  );
}

/** The order's requirement, and the unit's answer and the closing note when there are. */
function OrderText({ o }: { o: SupervisionOrder }) {
  const t = useT();
  return (
    <Space orientation="vertical" size={4} style={{ width: '100%' }}>
      <div style={{ whiteSpace: 'pre-wrap' }}>
        <strong>{t('督办要求：', 'Requirement: ')}</strong>
        {o.requirement}
        <span style={{ color: '#595959' }}>
          {' '}
          — {o.issuedBy ?? t('系统自动督办', 'automatic')} {fmtTime(o.issuedAt)}
        </span>
      </div>
      <div style={{ whiteSpace: 'pre-wrap' }}>
        <strong>{t('书面反馈：', 'Written answer: ')}</strong>
        {o.response ? `${o.response}（${fmtTime(o.respondedAt)}）` : t('尚未反馈', 'not answered yet')}
      </div>
      {o.closedAt && (
        <div>
          <strong>{t('办结：', 'Closed: ')}</strong>
          {fmtTime(o.closedAt)} {o.closeNote ?? ''}
        </div>
      )}
    </Space>
  );
}

function CloseModal({ order, onClose, onDone }: { order: SupervisionOrder; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  async function submit() {
    setBusy(true);
    setError(undefined);
    try {
      await post(`/api/supervision-orders/${order.id}/close`, note.trim() ? { note: note.trim() } : {});
      message.success(t(`${order.orderNo} 已办结`, `${order.orderNo} closed`));
      onDone();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Modal open title={t(`办结督办单 ${order.orderNo}`, `Close order ${order.orderNo}`)} onCancel={onClose} onOk={() => void submit()} confirmLoading={busy} okText={t('办结', 'Close order')} cancelText={t('取消', 'Cancel')} destroyOnHidden>
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', background: '#fafafa', padding: 8 }}>
        <strong>{order.unit.name}：</strong>
        {order.response}
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} />}
      <label htmlFor="order-close-note">{t('办结意见（可不填）', 'Note (optional)')}</label>
      <Input.TextArea id="order-close-note" rows={3} maxLength={1000} value={note} onChange={(e) => setNote(e.target.value)} />
    </Modal>
  );
}
