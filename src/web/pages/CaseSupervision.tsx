/**
 * What the case page shows first and what supervision put on the case: the leaders' instructions
 * (领导批示, S1: at the top, newest first), the supervision and key-item orders with the unit's
 * written answers, and the special reports the case went into.
 */
import { Alert, Card, List, Space, Tag, Typography } from 'antd';
import { useLang } from '../shared/i18n';
import { TAG, fmtTime } from '../shared/format';
import { OrderKindTag, OrderStatusTag, PdfLink } from '../shared/orders';
import type { CaseDetail } from '../shared/types';

/** A red-bordered block listing every instruction with who, when and the deadline it set. */
export function Instructions({ items }: { items: CaseDetail['instructions'] }) {
  const { t } = useLang();
  if (items.length === 0) return null;
  return (
    <Alert
      type="error"
      showIcon
      data-testid="instructions"
      style={{ border: `2px solid ${TAG.red}` }}
      title={<strong>{t(`领导批示（${items.length}）`, `Leaders’ instructions (${items.length})`)}</strong>}
      description={
        <ol style={{ margin: 0, paddingLeft: 20 }}>
          {items.map((x, i) => (
            <li key={`${x.at}-${i}`} style={{ marginBottom: 4 }}>
              <div style={{ whiteSpace: 'pre-wrap', fontSize: 15, color: '#1f1f1f' }}>{x.text}</div>
              <div style={{ color: '#595959' }}>
                {x.by} · {fmtTime(x.at)}
                {x.dueAt && (
                  <>
                    {' · '}
                    <strong style={{ color: TAG.red }}>
                      {t('办理期限', 'Due')} {fmtTime(x.dueAt)}
                    </strong>
                  </>
                )}
              </div>
            </li>
          ))}
        </ol>
      }
    />
  );
}

export function OrdersCard({ orders }: { orders: CaseDetail['orders'] }) {
  const { t } = useLang();
  if (orders.length === 0) return null;
  return (
    <Card size="small" title={t('督办单', 'Supervision orders')} style={{ marginTop: 16 }} data-testid="case-orders">
      <List
        dataSource={orders}
        renderItem={(o) => (
          <List.Item key={o.id} extra={<PdfLink href={`/api/supervision-orders/${o.id}/pdf`} />} style={{ alignItems: 'flex-start' }}>
            <Space orientation="vertical" size={2} style={{ width: '100%' }}>
              <Space size={4} wrap>
                <strong>{o.orderNo}</strong>
                <OrderKindTag kind={o.kind} />
                <OrderStatusTag order={o} />
              </Space>
              <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{o.requirement}</Typography.Text>
              <span style={{ color: '#595959' }}>
                {o.unit} · {t('下发', 'issued')} {fmtTime(o.issuedAt)} · {t('反馈期限', 'answer by')} {fmtTime(o.dueAt)}
              </span>
              {o.response && (
                <div style={{ background: '#fafafa', padding: 8, borderRadius: 4, whiteSpace: 'pre-wrap' }}>
                  <strong>{t('书面反馈', 'Written answer')}</strong> · {fmtTime(o.respondedAt)}
                  <div>{o.response}</div>
                </div>
              )}
              {o.closedAt && (
                <span style={{ color: '#595959' }}>
                  {t('督办办结', 'Closed')} {fmtTime(o.closedAt)}
                  {o.closeNote ? `：${o.closeNote}` : ''}
                </span>
              )}
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}

export function SpecialReportTags({ reports }: { reports: CaseDetail['specialReports'] }) {
  const { t } = useLang();
  if (reports.length === 0) return null;
  return (
    <>
      {reports.map((r) => (
        <Tag key={r.id} color={r.status === 'submitted' ? TAG.purple : TAG.grey}>
          {t('专报', 'Special report')} {r.reportNo}《{r.title}》{r.status === 'draft' ? t('（草稿）', ' (draft)') : ''}
        </Tag>
      ))}
    </>
  );
}
