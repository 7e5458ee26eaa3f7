/**
 * 退单审核: cases a unit returned as not its responsibility, with its reason and the unit it
 * suggests. Approve = dispatch again (the suggested unit prefilled, the re-dispatch limit by
 * policy); reject = send it back to the same unit with a reason.
 */
import { useState } from 'react';
import { Alert, Button, Flex, Form, Input, Modal, Select, Space, Table, Typography, message } from 'antd';
import { Link } from 'react-router-dom';
import { ApiError, get, post } from '../shared/api';
import { useAsync } from '../shared/useAsync';
import { useLang } from '../shared/i18n';
import { fmtTime } from '../shared/format';
import type { CaseList, CaseView } from '../shared/types';
import { ctrlEnter } from '../operator/hooks';
import { DeadlinePreview, SiteCheckField, UnitsSelect, limitOptions, useDispatchUnits } from './dispatch-form';

export interface MisrouteReview {
  caseId: string;
  caseNo: string;
  title: string;
  version: number;
  unit: string | null;
  reason: string | null;
  suggestedUnit: string | null;
  returnedAt: string;
}

type Decision = { kind: 'redispatch' | 'reject'; review: MisrouteReview };

export function ReturnedReviews() {
  const { t } = useLang();
  const reviews = useAsync(() => get<MisrouteReview[]>('/api/misroute-reviews'), []);
  // the cases themselves, for the deadline preview (kind, channel, urgency, category)
  const cases = useAsync(() => get<CaseList>('/api/cases?state=returned&limit=200'), []);
  const units = useDispatchUnits();
  const [decision, setDecision] = useState<Decision | null>(null);
  const reload = () => (reviews.reload(), cases.reload());

  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="baseline">
        <Typography.Title level={1} style={{ fontSize: 20, margin: 0 }}>
          {t('退单审核', 'Returned cases')}
        </Typography.Title>
        <Button onClick={reload}>{t('刷新', 'Refresh')}</Button>
      </Flex>
      {reviews.error && <Alert type="error" title={reviews.error.message} showIcon />}
      <Table<MisrouteReview>
        rowKey="caseId"
        size="small"
        loading={reviews.loading}
        dataSource={reviews.data ?? []}
        pagination={{ pageSize: 20, showSizeChanger: false }}
        locale={{ emptyText: t('没有待审核的退单', 'No returned case to review') }}
        columns={[
          { title: t('编号', 'No.'), dataIndex: 'caseNo', width: 150, render: (v: string, r) => <Link to={`/cases/${r.caseId}`}>{v}</Link> },
          { title: t('标题', 'Title'), dataIndex: 'title', ellipsis: true },
          { title: t('退单单位', 'Returned by'), dataIndex: 'unit', width: 180, ellipsis: true },
          { title: t('退单理由', 'Reason'), dataIndex: 'reason', render: (v: string | null) => <span style={{ whiteSpace: 'pre-wrap' }}>{v ?? '—'}</span> },
          { title: t('建议承办单位', 'Suggested unit'), dataIndex: 'suggestedUnit', width: 180, render: (v: string | null) => (v ? (units.byRef(v)?.name ?? v) : '—') },
          { title: t('退单时间', 'Returned'), dataIndex: 'returnedAt', width: 140, render: (v: string) => fmtTime(v) },
          {
            title: t('审核', 'Review'),
            key: 'review',
            width: 170,
            render: (_: unknown, r) => (
              <Space size={4}>
                <Button size="small" type="primary" onClick={() => setDecision({ kind: 'redispatch', review: r })} data-action="redispatch" data-case-no={r.caseNo}>
                  {t('同意并改派', 'Re-dispatch')}
                </Button>
                <Button size="small" danger onClick={() => setDecision({ kind: 'reject', review: r })} data-action="reject_return" data-case-no={r.caseNo}>
                  {t('驳回', 'Reject')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      {decision && (
        <DecisionModal
          decision={decision}
          c={cases.data?.items.find((c) => c.id === decision.review.caseId)}
          units={units}
          onClose={() => setDecision(null)}
          onDone={() => {
            setDecision(null);
            reload();
          }}
        />
      )}
    </Flex>
  );
}

function DecisionModal({ decision, c, units, onClose, onDone }: { decision: Decision; c: CaseView | undefined; units: ReturnType<typeof useDispatchUnits>; onClose: () => void; onDone: () => void }) {
  const { lang, t } = useLang();
  const r = decision.review;
  const redispatch = decision.kind === 'redispatch';
  const [form] = Form.useForm<{ units?: string[]; limit?: string; siteCheck?: boolean; reason?: string; note?: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const limit = Form.useWatch('limit', form);
  const suggested = units.byRef(r.suggestedUnit);

  async function submit() {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    setError(undefined);
    try {
      if (redispatch) await post(`/api/cases/${r.caseId}/dispatch`, { version: r.version, units: v.units, siteCheck: !!v.siteCheck, ...(v.limit ? { limit: v.limit } : {}), ...(v.note?.trim() ? { note: v.note.trim() } : {}) });
      else await post(`/api/cases/${r.caseId}/reject-return`, { version: r.version, reason: v.reason!.trim() });
      message.success(redispatch ? t('已改派', 'Re-dispatched') : t('已驳回，诉求退回原单位办理', 'Rejected; the case goes back to the unit'));
      onDone();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open
      title={`${redispatch ? t('同意退单并改派', 'Accept the return and re-dispatch') : t('驳回退单', 'Reject the return')} · ${r.caseNo}`}
      onCancel={onClose}
      onOk={() => void submit()}
      confirmLoading={busy}
      okText={redispatch ? t('改派', 'Re-dispatch') : t('驳回', 'Reject')}
      okButtonProps={{ danger: !redispatch }}
      cancelText={t('取消', 'Cancel')}
      width={640}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        {r.title} — {r.unit ?? '—'}：{r.reason ?? '—'}
      </Typography.Paragraph>
      <div onKeyDown={ctrlEnter(() => void submit())}>
        <Form form={form} layout="vertical" initialValues={{ units: suggested ? [suggested.code] : [], siteCheck: c?.siteCheck ?? false }}>
          {redispatch ? (
            <>
              <Form.Item name="units" label={t('改派至（第一个为主办）', 'Dispatch to (the first leads)')} rules={[{ required: true, message: t('请选择承办单位', 'Choose a unit') }]}>
                <UnitsSelect options={units.options} loading={units.loading} autoFocus />
              </Form.Item>
              <Form.Item name="limit" label={t('办理时限（不选按规则）', 'Limit (default: policy)')}>
                <Select allowClear options={limitOptions(lang)} placeholder={t('按时限规则', 'By the policy')} />
              </Form.Item>
              {c && (
                <div style={{ marginBottom: 12 }}>
                  <DeadlinePreview kind={c.kind} channel={c.channel} urgency={c.urgency} category={c.categoryCode} stage="redispatch" limit={limit} />
                </div>
              )}
              <SiteCheckField />
              <Form.Item name="note" label={t('交办意见', 'Note')}>
                <Input.TextArea rows={2} maxLength={1000} />
              </Form.Item>
            </>
          ) : (
            <Form.Item name="reason" label={t('驳回理由', 'Reason')} rules={[{ required: true, whitespace: true, message: t('请填写驳回理由', 'Give the reason') }]}>
              <Input.TextArea rows={4} maxLength={1000} autoFocus placeholder={t('说明为何属于该单位职责', 'Why it is this unit’s responsibility')} />
            </Form.Item>
          )}
        </Form>
      </div>
      {error && <Alert type="error" showIcon title={error} role="alert" />}
    </Modal>
  );
}
