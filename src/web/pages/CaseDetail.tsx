/**
 * The case page: leaders' instructions first, an urgent case's duty contact, then facts, the deadline, units, the full timeline, replies
 * with their checks, supervision orders, callbacks, attachments, and only the steps the user may take.
 */
import { Alert, Card, Col, Descriptions, Empty, List, Row, Space, Spin, Tag, Timeline, Typography } from 'antd';
import { useParams } from 'react-router-dom';
import { get } from '../shared/api';
import { useAsync } from '../shared/useAsync';
import { useLang } from '../shared/i18n';
import { ActionPanel, staffActions } from '../shared/ActionPanel';
import { ReplyChecklist, failedBlocking, failedWarnings } from '../shared/ReplyChecks';
import { Instructions, OrdersCard, SpecialReportTags } from './CaseSupervision';
import { Countdown, TAG, channelLabel, fmtTime, kindLabel, satisfactionLabel, urgencyLabel } from '../shared/format';
import type { CaseDetail as Detail } from '../shared/types';
import { DutyContactAlert } from './duty/DutyContactAlert';
import { App } from 'antd';
import { useCaseEvents } from '../shared/useCaseEvents';
import { LiveBadge } from '../shared/LiveBadge';

export function CaseDetailPage() {
  const { id } = useParams();
  const { lang, t } = useLang();
  const { data: c, error, loading, reload } = useAsync(() => get<Detail>(`/api/cases/${id}`), [id]);
  const { message } = App.useApp();
  // someone else changed this case (on any instance): say so and show the new state
  const live = useCaseEvents(
    (e) => {
      if (e.type === 'case' && c && e.version !== undefined && e.version <= c.version) return; // our own step, already shown
      if (e.type !== 'resync') message.info(t(`诉求 ${e.caseNo ?? ''} 已更新`, `Case ${e.caseNo ?? ''} was updated`));
      reload();
    },
    { caseId: c?.id },
  );
  if (loading && !c) return <Spin />;
  if (error) return <Alert type="error" title={error.message} showIcon />;
  if (!c) return <Empty />;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 20, margin: 0 }}>
        {c.title} <Typography.Text type="secondary" style={{ fontSize: 14 }}>{c.caseNo}</Typography.Text> <LiveBadge live={live} />
      </Typography.Title>
      <Instructions items={c.instructions ?? []} />
      <DutyContactAlert c={c} />
      {(c.siteCheck || c.openOrders > 0 || c.specialReports?.length > 0) && (
        <Space size={4} wrap>
          {c.siteCheck && <Tag color={TAG.orange}>{t('需现场核查', 'On-site check required')}</Tag>}
          {c.openOrders > 0 && <Tag color={TAG.purple}>{t(`督办单待反馈 ${c.openOrders} 份`, `${c.openOrders} order(s) awaiting answer`)}</Tag>}
          <SpecialReportTags reports={c.specialReports ?? []} />
        </Space>
      )}
      <Card size="small">
        <ActionPanel detail={c} onDone={reload} />
        {staffActions(c).length === 0 && <Typography.Text type="secondary">{t('当前没有您可以执行的操作', 'Nothing for you to do on this case now')}</Typography.Text>}
      </Card>
      <Row gutter={16}>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('诉求', 'Request')}>
            <Descriptions size="small" column={2} bordered>
              <Descriptions.Item label={t('状态', 'State')}>
                <Tag>{c.stateLabel}</Tag>
              </Descriptions.Item>
              <Descriptions.Item label={t('期限', 'Deadline')}>
                <Countdown dueAt={c.dueAt} status={c.deadlineStatus} lang={lang} /> {fmtTime(c.dueAt)}
              </Descriptions.Item>
              <Descriptions.Item label={t('渠道', 'Channel')}>{channelLabel(c.channel, lang)}</Descriptions.Item>
              <Descriptions.Item label={t('类型', 'Kind')}>{kindLabel(c.kind, lang)}</Descriptions.Item>
              <Descriptions.Item label={t('紧急程度', 'Urgency')}>{urgencyLabel(c.urgency, lang)}</Descriptions.Item>
              <Descriptions.Item label={t('分类', 'Category')}>{c.categoryCode ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('主办单位', 'Lead unit')}>{c.leadUnit?.name ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('协办单位', 'Co-units')}>{c.coUnits.map((u) => u.name).join('、') || '—'}</Descriptions.Item>
              <Descriptions.Item label={t('诉求人', 'Citizen')}>
                {c.anonymous ? t('匿名', 'Anonymous') : `${c.citizen?.name ?? ''} ${c.citizen?.phone ?? ''}`}
                {c.confidential && <Tag color={TAG.red}>{t('保密', 'Confidential')}</Tag>}
              </Descriptions.Item>
              <Descriptions.Item label={t('地址', 'Address')}>{c.address ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('登记时间', 'Registered')}>{fmtTime(c.createdAt)}</Descriptions.Item>
              <Descriptions.Item label={t('满意度', 'Satisfaction')}>{c.satisfaction ? satisfactionLabel(c.satisfaction, lang) : '—'}</Descriptions.Item>
            </Descriptions>
            {/* the citizen's words are shown as text, never as markup */}
            <Typography.Paragraph style={{ marginTop: 12, whiteSpace: 'pre-wrap' }} data-testid="case-content">
              {c.content}
            </Typography.Paragraph>
            {c.finalReply && (
              <Alert type="success" title={t('答复', 'Reply')} description={<span style={{ whiteSpace: 'pre-wrap' }}>{c.finalReply}</span>} />
            )}
          </Card>
          <Card size="small" title={t('反馈', 'Replies')} style={{ marginTop: 16 }}>
            <List
              dataSource={c.replies}
              locale={{ emptyText: t('暂无反馈', 'No reply yet') }}
              renderItem={(r) => (
                <List.Item>
                  <List.Item.Meta
                    title={`${r.kind === 'co_reply' ? t('协办意见', 'Co-unit') : t('反馈', 'Reply')} · ${r.unit} · ${fmtTime(r.createdAt)} · ${replyStatusLabel(r.status, lang)}`}
                    description={
                      <>
                        <span style={{ whiteSpace: 'pre-wrap' }}>{r.content}</span>
                        {r.contactedAt && <div style={{ color: '#595959' }}>{t('联系群众', 'Contacted')} {fmtTime(r.contactedAt)}{r.citizenAttitude ? ` · ${t('群众意见', 'citizen’s view')}：${r.citizenAttitude}` : ''}</div>}
                        {r.checks && r.checks.length > 0 && (
                          <details style={{ marginTop: 4 }}>
                            <summary style={{ cursor: 'pointer', color: failedBlocking(r.checks).length ? TAG.red : failedWarnings(r.checks).length ? TAG.orange : TAG.green }}>
                              {failedWarnings(r.checks).length || failedBlocking(r.checks).length ? t(`反馈检查：${failedBlocking(r.checks).length + failedWarnings(r.checks).length} 项未通过或提醒`, `Reply checks: ${failedBlocking(r.checks).length + failedWarnings(r.checks).length} failed or warned`) : t('反馈检查：全部通过', 'Reply checks: all passed')}
                            </summary>
                            <ReplyChecklist checks={r.checks} />
                          </details>
                        )}
                      </>
                    }
                  />
                </List.Item>
              )}
            />
            {c.attachments.length > 0 && (
              <Space wrap>
                {c.attachments.map((a) => (
                  <a key={a.id} href={`/api/attachments/${a.id}`} target="_blank" rel="noreferrer">
                    {a.filename}
                  </a>
                ))}
              </Space>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('办理过程', 'Timeline')}>
            <Timeline
              items={c.events.map((e) => ({
                key: e.seq,
                content: (
                  <div>
                    <strong>{e.actionLabel}</strong> · {fmtTime(e.at)}
                    <div style={{ color: '#595959' }}>
                      {e.actor?.name ?? t('系统', 'System')}
                      {e.unit ? ` · ${e.unit.name}` : ''}
                    </div>
                    {typeof e.payload.reason === 'string' && <div>{e.payload.reason}</div>}
                    {typeof e.payload.orderNo === 'string' && <div>{e.payload.orderNo}</div>}
                    {typeof e.payload.reportNo === 'string' && <div>{`${e.payload.reportNo}《${String(e.payload.title ?? '')}》`}</div>}
                    {typeof e.payload.note === 'string' && <div>{e.payload.note}</div>}
                    {typeof e.payload.instruction === 'string' && <div>{e.payload.instruction}</div>}
                    {typeof e.payload.response === 'string' && <div style={{ whiteSpace: 'pre-wrap' }}>{e.payload.response}</div>}
                  </div>
                ),
              }))}
            />
          </Card>
          <OrdersCard orders={c.orders ?? []} />
          {c.promises.length > 0 && (
            <Card size="small" title={t('承诺事项', 'Promises')} style={{ marginTop: 16 }}>
              <List
                dataSource={c.promises}
                renderItem={(p) => (
                  <List.Item>
                    {p.what}
                    {p.dueDate ? ` · ${t('承诺', 'by')} ${p.dueDate}` : ''} · {p.doneAt ? `${t('已兑现', 'kept')} ${fmtTime(p.doneAt)}` : t('未兑现', 'open')}
                  </List.Item>
                )}
              />
            </Card>
          )}
          <Card size="small" title={t('回访', 'Callbacks')} style={{ marginTop: 16 }}>
            <List
              dataSource={c.callbacks}
              locale={{ emptyText: t('暂无回访', 'No callback yet') }}
              renderItem={(cb) => (
                <List.Item>
                  {fmtTime(cb.at)} · {cb.type} · {cb.reached ? (cb.satisfaction ? satisfactionLabel(cb.satisfaction as never, lang) : t('已联系', 'reached')) : t('未联系上', 'not reached')} {cb.comment ?? ''}
                </List.Item>
              )}
            />
          </Card>
        </Col>
      </Row>
    </Space>
  );
}

const REPLY_STATUS: Record<string, [string, string]> = {
  submitted: ['已提交', 'submitted'],
  signed_off: ['已审签', 'signed off'],
  sign_off_refused: ['审签退回', 'sign-off refused'],
  approved: ['审核通过', 'approved'],
  reworked: ['已退回重办', 'sent back'],
};
const replyStatusLabel = (s: string, lang: 'zh' | 'en') => REPLY_STATUS[s]?.[lang === 'en' ? 1 : 0] ?? s;
