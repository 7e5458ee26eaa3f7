/**
 * One registered case on the dispatcher's desk: what it says, what routing suggests and why, the
 * dispatch form (the first unit leads, 首问负责制; the limit defaults to the policy's) with the
 * deadline it gives, and open cases that look the same — to link as a repeat or merge instead.
 */
import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Card, Col, Descriptions, Flex, Form, Input, Popconfirm, Row, Select, Space, Tag, Typography, message } from 'antd';
import { ApiError, post } from '../shared/api';
import { useAsync } from '../shared/useAsync';
import { useLang } from '../shared/i18n';
import { Countdown, channelLabel, fmtTime, kindLabel, urgencyLabel } from '../shared/format';
import type { CaseView, UnitRef } from '../shared/types';
import { SimilarCases } from '../operator/SimilarCases';
import { useCategories } from '../operator/categories';
import { ctrlEnter } from '../operator/hooks';
import type { CaseSummary } from '../operator/cti';
import { RoutingSuggestion, type Suggestion } from './RoutingSuggestion';
import { DeadlinePreview, SiteCheckField, UnitsSelect, limitOptions, useDispatchUnits } from './dispatch-form';

interface DispatchValues {
  units: string[];
  limit?: string;
  siteCheck?: boolean;
  note?: string;
}

/** `onDone(true)`: the case has left the queue; `onDone(false)`: it stays (linked as a repeat) with a new version. */
export function DispatchWorkspace({ c, onDone }: { c: CaseView; onDone: (left: boolean) => void }) {
  const { lang, t } = useLang();
  const [form] = Form.useForm<DispatchValues>();
  const units = useDispatchUnits();
  const categories = useCategories();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const touched = useRef(false);
  const limit = Form.useWatch('limit', form);
  const redispatch = c.state === 'returned';

  const suggestion = useAsync(
    () => post<Suggestion>('/api/routing/suggest', { title: c.title, content: c.content, kind: c.kind, ...(c.categoryCode ? { categoryCode: c.categoryCode } : {}), ...(c.address ? { address: c.address } : {}) }),
    [c.id],
  );
  const similar = useAsync(() => post<CaseSummary[]>('/api/cases/similar', { title: c.title, content: c.content, ...(c.address ? { address: c.address } : {}), excludeId: c.id }), [c.id]);

  // the rules' proposal fills the form until the dispatcher changes it
  const rule = suggestion.data?.rule;
  useEffect(() => {
    if (!rule?.lead || touched.current) return;
    form.setFieldValue('units', [rule.lead.code, ...rule.co.map((u) => u.code)]);
  }, [rule, form]);

  function addUnits(list: UnitRef[], replace: boolean) {
    touched.current = true;
    const current: string[] = replace ? [] : (form.getFieldValue('units') ?? []);
    form.setFieldValue('units', [...current, ...list.map((u) => u.code).filter((code) => !current.includes(code))]);
  }

  async function dispatch(v: DispatchValues) {
    setBusy(true);
    setError(undefined);
    try {
      await post(`/api/cases/${c.id}/dispatch`, { version: c.version, units: v.units, siteCheck: !!v.siteCheck, ...(v.limit ? { limit: v.limit } : {}), ...(v.note?.trim() ? { note: v.note.trim() } : {}) });
      message.success(t(`已派单：${c.caseNo} → ${units.byRef(v.units[0])?.name ?? v.units[0]}`, `Dispatched ${c.caseNo} to ${units.byRef(v.units[0])?.name ?? v.units[0]}`));
      onDone(true);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  async function step(path: 'link-repeat' | 'merge', target: CaseSummary) {
    try {
      await post(`/api/cases/${c.id}/${path}`, { version: c.version, ...(path === 'merge' ? { into: target.caseNo } : { of: target.caseNo }) });
      // a repeat is linked and still dispatched; a merged case closes
      message.success(path === 'merge' ? t(`已合并至 ${target.caseNo}`, `Merged into ${target.caseNo}`) : t(`已关联为 ${target.caseNo} 的重复件`, `Linked as a repeat of ${target.caseNo}`));
      onDone(path === 'merge');
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    }
  }

  const mayLink = c.allowedActions.includes('link_repeat');
  const mayMerge = c.allowedActions.includes('merge');
  return (
    <Flex vertical gap={12}>
      <Descriptions
        size="small"
        column={3}
        bordered
        items={[
          { key: 'kind', label: t('类型', 'Kind'), children: kindLabel(c.kind, lang) },
          { key: 'channel', label: t('渠道', 'Channel'), children: channelLabel(c.channel, lang) },
          { key: 'urgency', label: t('紧急程度', 'Urgency'), children: c.urgency === 'normal' ? urgencyLabel(c.urgency, lang) : <Tag color="red">{urgencyLabel(c.urgency, lang)}</Tag> },
          { key: 'category', label: t('分类', 'Category'), children: categories.nameOf(c.categoryCode), span: 2 },
          { key: 'due', label: t('期限', 'Deadline'), children: <Countdown dueAt={c.dueAt} status={c.deadlineStatus} lang={lang} /> },
          { key: 'address', label: t('地址', 'Address'), children: c.address ?? '—', span: 2 },
          { key: 'created', label: t('登记', 'Registered'), children: fmtTime(c.createdAt) },
        ]}
      />
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', maxHeight: 120, overflowY: 'auto', margin: 0, padding: 8, background: '#fafafa', borderRadius: 4 }} data-testid="dispatch-content" tabIndex={0} aria-label={t('诉求内容', 'Content')}>
        {c.content}
      </Typography.Paragraph>
      <Row gutter={12}>
        <Col span={13}>
          <Card size="small" title={redispatch ? t('改派', 'Re-dispatch') : t('派单', 'Dispatch')}>
            <div onKeyDown={ctrlEnter(() => form.submit())}>
              <Form<DispatchValues> form={form} layout="vertical" onFinish={dispatch} onValuesChange={(ch) => ('units' in ch ? (touched.current = true) : undefined)} aria-label={t('派单', 'Dispatch')}>
                <Form.Item name="units" label={t('承办单位（第一个为主办，其余为协办）', 'Units (the first leads, the others co-handle)')} rules={[{ required: true, message: t('请选择承办单位', 'Choose a unit') }]}>
                  <UnitsSelect options={units.options} loading={units.loading} autoFocus />
                </Form.Item>
                <Form.Item name="limit" label={t('办理时限（不选按规则）', 'Limit (default: policy)')}>
                  <Select allowClear options={limitOptions(lang)} placeholder={t('按时限规则', 'By the policy')} />
                </Form.Item>
                <div style={{ marginBottom: 12 }}>
                  <DeadlinePreview kind={c.kind} channel={c.channel} urgency={c.urgency} category={c.categoryCode} stage={redispatch ? 'redispatch' : 'first_dispatch'} limit={limit} />
                </div>
                <SiteCheckField />
                <Form.Item name="note" label={t('交办意见', 'Note')}>
                  <Input.TextArea rows={2} maxLength={1000} />
                </Form.Item>
                {error && <Alert type="error" showIcon title={error} role="alert" style={{ marginBottom: 12 }} data-testid="dispatch-error" />}
                <Button type="primary" htmlType="button" onClick={() => form.submit()} loading={busy} data-testid="dispatch-submit">
                  {redispatch ? t('改派', 'Re-dispatch') : t('派单', 'Dispatch')}
                  <span style={{ fontSize: 12, opacity: 0.8 }}>（Ctrl+Enter）</span>
                </Button>
              </Form>
            </div>
          </Card>
        </Col>
        <Col span={11}>
          <Card size="small" title={t('派单建议', 'Suggestion')}>
            <RoutingSuggestion
              data={suggestion.data}
              loading={suggestion.loading}
              error={suggestion.error}
              categoryName={categories.nameOf}
              onUseProposal={(list) => addUnits(list, true)}
              onPickUnit={(u) => addUnits([u], false)}
            />
          </Card>
        </Col>
      </Row>
      <Card size="small" title={`${t('相似诉求', 'Similar cases')}${similar.data ? ` (${similar.data.length})` : ''}`} loading={similar.loading && !similar.data}>
        {similar.error ? (
          <Typography.Text type="danger">{similar.error.message}</Typography.Text>
        ) : (
          <SimilarCases
            items={similar.data ?? []}
            empty={t('没有相似的未办结诉求', 'No similar open case')}
            label={t('相似诉求', 'Similar cases')}
            newTab
            actions={
              mayLink || mayMerge
                ? (s) => (
                    <Space size={4}>
                      {mayLink && (
                        <Popconfirm title={t(`关联为 ${s.caseNo} 的重复件？`, `Link as a repeat of ${s.caseNo}?`)} onConfirm={() => step('link-repeat', s)} okText={t('关联', 'Link')} cancelText={t('取消', 'Cancel')}>
                          <Button size="small" data-action="link_repeat">
                            {t('关联重复件', 'Link as repeat')}
                          </Button>
                        </Popconfirm>
                      )}
                      {mayMerge && (
                        <Popconfirm title={t(`合并至 ${s.caseNo}？本件将办结，群众随该件得到答复。`, `Merge into ${s.caseNo}? This case closes; the citizen gets that case's reply.`)} onConfirm={() => step('merge', s)} okText={t('合并', 'Merge')} cancelText={t('取消', 'Cancel')}>
                          <Button size="small" data-action="merge">
                            {t('合并至此件', 'Merge into it')}
                          </Button>
                        </Popconfirm>
                      )}
                    </Space>
                  )
                : undefined
            }
          />
        )}
      </Card>
    </Flex>
  );
}
