/**
 * A case and the reply on it, side by side: what the citizen asked, and what the unit says it did,
 * with its photos, promises and the co-units' opinions, the reply checks as they stood when it was
 * submitted, the sign-off, and how often the case was sent back. The sign-off and the centre's
 * review read from the same pane.
 */
import type { ReactNode } from 'react';
import { Card, Col, Descriptions, Empty, Row, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useLang } from '../shared/i18n';
import { Countdown, TAG, channelLabel, fmtTime, kindLabel, urgencyLabel } from '../shared/format';
import { ReplyChecklist } from '../shared/ReplyChecks';
import type { CaseDetail } from '../shared/types';
import { Muted, WarnTag } from './ui';

type Reply = CaseDetail['replies'][number];

const REPLY_STATUS: Record<string, { zh: string; en: string; color?: string }> = {
  submitted: { zh: '已提交', en: 'Submitted', color: TAG.blue },
  signed_off: { zh: '已审签', en: 'Signed off', color: TAG.purple },
  sign_off_refused: { zh: '审签退回', en: 'Sign-off refused', color: TAG.red },
  approved: { zh: '审核通过', en: 'Approved', color: TAG.green },
  reworked: { zh: '已退回重办', en: 'Sent back', color: TAG.red },
};

/** The newest reply of the lead unit. */
export function latestReply(d: CaseDetail): Reply | undefined {
  return [...d.replies].reverse().find((r) => r.kind === 'reply');
}

export function CaseReplyPane({ detail: c, children }: { detail: CaseDetail; children?: ReactNode }) {
  const { lang, t } = useLang();
  const reply = latestReply(c);
  const earlier = c.replies.filter((r) => r.kind === 'reply' && r !== reply);
  const co = c.replies.filter((r) => r.kind === 'co_reply');
  const files = reply ? c.attachments.filter((a) => reply.attachmentIds.includes(a.id)) : [];
  const openPromises = c.promises.filter((p) => !p.doneAt);
  const statusTag = (r: Reply) => {
    const s = REPLY_STATUS[r.status];
    return <Tag color={s?.color}>{s ? t(s.zh, s.en) : r.status}</Tag>;
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <div>
        <Typography.Title level={2} style={{ fontSize: 17, margin: 0 }}>
          {c.title}
        </Typography.Title>
        <Space size={4} wrap style={{ marginTop: 4 }}>
          <Link to={`/cases/${c.id}`}>{c.caseNo}</Link>
          <Tag>{c.stateLabel}</Tag>
          {c.dueAt && c.deadlineStatus && <Countdown dueAt={c.dueAt} status={c.deadlineStatus} lang={lang} />}
          {c.urgency !== 'normal' && <Tag color={TAG.red}>{urgencyLabel(c.urgency, lang)}</Tag>}
          {c.supervised && <Tag color={TAG.purple}>{t('督办件', 'Supervised')}</Tag>}
          {c.openOrders > 0 && <Tag color={TAG.purple}>{t(`督办单待反馈 ${c.openOrders} 份`, `${c.openOrders} order(s) unanswered`)}</Tag>}
          {c.siteCheck && <Tag color={TAG.orange}>{t('需现场核查', 'Site check')}</Tag>}
          <Tag color={c.reworkCount > 0 ? TAG.red : TAG.grey} data-rework-count={c.reworkCount}>
            {t(`退回重办 ${c.reworkCount} 次`, `Reworked ×${c.reworkCount}`)}
          </Tag>
          {c.requiresSignOff ? <SignOffTag reply={reply} /> : <Tag color={TAG.grey}>{t('无需审签', 'No sign-off needed')}</Tag>}
          {c.urgeCount > 0 && <WarnTag>{t(`催办 ${c.urgeCount} 次`, `Urged ×${c.urgeCount}`)}</WarnTag>}
        </Space>
      </div>
      {children}
      <Row gutter={12}>
        <Col span={11}>
          <Card size="small" title={t('诉求', 'Request')}>
            <Descriptions size="small" column={1}>
              <Descriptions.Item label={t('类型 / 渠道', 'Kind / channel')}>
                {kindLabel(c.kind, lang)} · {channelLabel(c.channel, lang)}
              </Descriptions.Item>
              <Descriptions.Item label={t('主办单位', 'Lead unit')}>{c.leadUnit?.name ?? '—'}</Descriptions.Item>
              {c.coUnits.length > 0 && <Descriptions.Item label={t('协办单位', 'Co-units')}>{c.coUnits.map((u) => u.name).join('、')}</Descriptions.Item>}
              <Descriptions.Item label={t('诉求人', 'Citizen')}>
                {c.anonymous ? t('匿名', 'Anonymous') : `${c.citizen?.name ?? ''} ${c.citizen?.phone ?? ''}`}
                {c.confidential && <Tag color={TAG.red} style={{ marginLeft: 4 }}>{t('保密', 'Confidential')}</Tag>}
              </Descriptions.Item>
              <Descriptions.Item label={t('地址', 'Address')}>{c.address ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('登记时间', 'Registered')}>{fmtTime(c.createdAt)}</Descriptions.Item>
            </Descriptions>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: '8px 0 0' }} data-testid="case-content">
              {c.content}
            </Typography.Paragraph>
          </Card>
        </Col>
        <Col span={13}>
          <Card size="small" title={t('反馈', 'Reply')} extra={reply && statusTag(reply)}>
            {!reply ? (
              <Empty description={t('暂无反馈', 'No reply yet')} />
            ) : (
              <Space orientation="vertical" style={{ width: '100%' }}>
                <Muted>
                  {reply.unit} · {reply.author} · {fmtTime(reply.createdAt)}
                </Muted>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0, fontSize: 15 }} data-testid="reply-content">
                  {reply.content}
                </Typography.Paragraph>
                {reply.checks?.length ? <ReplyChecklist checks={reply.checks} title={t('提交时的反馈检查', 'Reply checks at submission')} /> : <Muted small>{t('此反馈提交时尚无自动检查', 'No automatic checks were run on this reply')}</Muted>}
                <Descriptions size="small" column={2}>
                  <Descriptions.Item label={t('联系群众', 'Contacted')}>{reply.contactedAt ? fmtTime(reply.contactedAt) : <WarnTag>{t('未记录', 'Not recorded')}</WarnTag>}</Descriptions.Item>
                  <Descriptions.Item label={t('群众意见', 'Citizen’s view')}>{reply.citizenAttitude ?? '—'}</Descriptions.Item>
                </Descriptions>
                {files.length > 0 && (
                  <Space wrap>
                    {files.map((a) => (
                      <a key={a.id} href={`/api/attachments/${a.id}`} target="_blank" rel="noreferrer" title={a.filename}>
                        {a.mime.startsWith('image/') ? <img src={`/api/attachments/${a.id}`} alt={a.filename} style={{ height: 72, borderRadius: 4, border: '1px solid #f0f0f0' }} /> : a.filename}
                      </a>
                    ))}
                  </Space>
                )}
                {openPromises.length > 0 && (
                  <div>
                    <strong>{t('承诺事项', 'Promises')}</strong>
                    <ul style={{ margin: '4px 0 0', paddingLeft: 20 }}>
                      {openPromises.map((p) => (
                        <li key={p.id}>
                          {p.what}
                          {p.dueDate ? ` — ${p.dueDate}` : ''}
                        </li>
                      ))}
                    </ul>
                  </div>
                )}
              </Space>
            )}
          </Card>
          {co.length > 0 && (
            <Card size="small" title={t('协办意见', 'Co-units’ opinions')} style={{ marginTop: 12 }}>
              {co.map((r) => (
                <Typography.Paragraph key={r.id} style={{ whiteSpace: 'pre-wrap', marginBottom: 8 }}>
                  <strong>{r.unit}</strong>：{r.content}
                </Typography.Paragraph>
              ))}
            </Card>
          )}
          {earlier.length > 0 && (
            <Card size="small" title={t('此前的反馈', 'Earlier replies')} style={{ marginTop: 12 }}>
              {earlier.map((r) => (
                <div key={r.id} style={{ marginBottom: 8 }}>
                  <Muted>
                    {fmtTime(r.createdAt)} {statusTag(r)}
                    {r.reviewNote ? `${t('意见', 'Note')}：${r.reviewNote}` : ''}
                  </Muted>
                  <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }} ellipsis={{ rows: 2, expandable: true }}>
                    {r.content}
                  </Typography.Paragraph>
                </div>
              ))}
            </Card>
          )}
        </Col>
      </Row>
    </Space>
  );
}

/** Whether the unit principal signed the reply off (DOMAIN.md §7), for cases that need it. */
function SignOffTag({ reply }: { reply: Reply | undefined }) {
  const { t } = useLang();
  const signed = !!reply && (!!reply.signedOffAt || reply.status === 'signed_off');
  return (
    <Tag color={signed ? TAG.green : TAG.red} data-signed-off={signed}>
      {signed ? `${t('已审签', 'Signed off')}${reply?.signedOffAt ? ` ${fmtTime(reply.signedOffAt)}` : ''}` : t('需审签，未审签', 'Needs sign-off; not signed')}
    </Tag>
  );
}
