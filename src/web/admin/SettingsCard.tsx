/**
 * The policy settings officials tune (GET/PUT /api/policy-settings): the time-limit engine,
 * callbacks, reply checks, and the assessment's response limit and satisfaction weights
 * (docs/metrics.md).
 */
import { useState } from 'react';
import { Alert, Button, Card, Divider, Form, Input, InputNumber, Select, Typography } from 'antd';
import { api, get } from '../shared/api';
import { useAsync } from '../shared/useAsync';
import { useLang } from '../shared/i18n';
import { satisfactionLabel } from '../shared/format';
import { SATISFACTION_LEVELS } from '../../core/enums';
import type { PolicySettings } from '../../core/policy-settings';
import { Section, useRun } from './ui';
import { limitLabel } from './labels';

export function SettingsCard() {
  const { lang, t } = useLang();
  const run = useRun();
  const { data, error } = useAsync(() => get<PolicySettings>('/api/policy-settings'), []);
  const [form] = Form.useForm<PolicySettings>();
  const [busy, setBusy] = useState(false);
  // core's rule (validateSatisfactionWeights): a level may not weigh more than the one above it
  const notAbove = (i: number) => ({
    validator: async (_: unknown, v: number | null) => {
      const above = i > 0 ? (form.getFieldValue(['satisfactionWeights', SATISFACTION_LEVELS[i - 1]!]) as number | null) : null;
      if (typeof v === 'number' && typeof above === 'number' && v > above)
        throw new Error(t(`不得高于“${satisfactionLabel(SATISFACTION_LEVELS[i - 1]!, lang)}”的权重`, `May not exceed the weight of “${satisfactionLabel(SATISFACTION_LEVELS[i - 1]!, lang)}”`));
    },
  });
  return (
    <Card size="small" title={<Section>{t('时限、回访、质检与考核设置', 'Engine, callback, reply and assessment settings')}</Section>}>
      {error && <Alert type="error" title={error.message} showIcon />}
      {data && (
        <Form
          form={form}
          name="settings"
          layout="horizontal"
          labelCol={{ span: 10 }}
          initialValues={data}
          onFinish={async (v) => {
            setBusy(true);
            await run(async () => form.setFieldsValue(await api<PolicySettings>('PUT', '/api/policy-settings', v)));
            setBusy(false);
          }}
        >
          <Form.Item name="closeOfBusiness" label={t('下班时间', 'Close of business')} rules={[{ required: true, pattern: /^([01]\d|2[0-3]):[0-5]\d$/, message: 'HH:mm' }]}>
            <Input style={{ width: 100 }} />
          </Form.Item>
          <Form.Item name="warningRatio" label={t('预警比例（时限用去）', 'Warn when this share is used')} rules={[{ required: true }]}>
            <InputNumber min={0.05} max={0.95} step={0.05} style={{ width: 100 }} />
          </Form.Item>
          <Form.Item name="escalationUrges" label={t('催办几次后升级', 'Urges before escalation')} rules={[{ required: true }]}>
            <InputNumber min={1} max={20} style={{ width: 100 }} />
          </Form.Item>
          <Form.Item name="processCallbackDays" label={t('过程回访（天）', 'Process callback (days)')} rules={[{ required: true }]}>
            <InputNumber min={1} max={30} style={{ width: 100 }} />
          </Form.Item>
          <Form.Item name="lookBackDays" label={t('回头看（天）', 'Look-back (days)')} rules={[{ required: true }]}>
            <InputNumber min={1} max={90} style={{ width: 100 }} />
          </Form.Item>
          <Form.Item name="concentrationThreshold" label={t('集中诉求预警阈值（件）', 'Concentration alert (cases)')} rules={[{ required: true }]}>
            <InputNumber min={2} max={1000} style={{ width: 100 }} />
          </Form.Item>
          <Form.Item name="replyMinChars" label={t('反馈最少字数', 'Shortest reply (characters)')} rules={[{ required: true }]}>
            <InputNumber min={0} max={2000} style={{ width: 100 }} />
          </Form.Item>
          <Form.Item name="evaluationDays" label={t('网上评价等待（天）', 'Wait for online rating (days)')} extra={t('短信、网上来件先发评价链接，逾期未评转电话回访', 'SMS and online citizens get a rating link first; then a phone callback')} rules={[{ required: true }]}>
            <InputNumber min={1} max={30} style={{ width: 100 }} />
          </Form.Item>
          <Form.Item name="promiseReminderDays" label={t('承诺到期前提醒（天）', 'Remind before a promise is due (days)')} rules={[{ required: true }]}>
            <InputNumber min={0} max={30} style={{ width: 100 }} />
          </Form.Item>
          <Form.Item name="orderLimit" label={t('督办单默认反馈时限', 'Default order limit')} rules={[{ required: true, pattern: /^\d{1,4}(wd|d|h|m)$/, message: t('如 3wd、2d、24h', 'e.g. 3wd, 2d, 24h') }]}>
            <Select style={{ width: 160 }} options={['1wd', '2wd', '3wd', '5wd', '7wd', '24h', '48h'].map((l) => ({ value: l, label: limitLabel(l, lang) }))} />
          </Form.Item>
          <Divider titlePlacement="start" plain>
            {t('考核指标', 'Assessment')}
          </Divider>
          <Form.Item
            name="responseHours"
            label={t('响应时限（小时）', 'Response limit (hours)')}
            extra={t('响应率：主办单位在交办后多少小时内签收算及时响应（“三率”之一）。修改后对之后的签收生效。', 'Response rate: a lead unit that accepts within this many hours of dispatch has responded in time. Applies to acceptances from now on.')}
            rules={[{ required: true }]}
          >
            <InputNumber min={1} max={720} style={{ width: 100 }} />
          </Form.Item>
          <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
            {t(
              '满意率权重：满意率 = Σ 各等级件数 × 权重 ÷ 已评价件数。每项 0–1，满意程度越低权重不得越高。默认非常满意、满意、基本满意计 1，不满意、非常不满意计 0；若基本满意只算部分满意，可设为 0.8 等。修改后所有统计、报告按新权重计算。',
              'Satisfaction weights: satisfaction rate = Σ cases at each level × weight ÷ rated cases. Each 0–1, and a lower level may not weigh more than a higher one. By default very satisfied, satisfied and basically satisfied count 1, the others 0; set e.g. 0.8 to count basically satisfied in part. Every statistic and report uses the new weights.',
            )}
          </Typography.Paragraph>
          {SATISFACTION_LEVELS.map((level, i) => (
            <Form.Item
              key={level}
              name={['satisfactionWeights', level]}
              label={t(`权重：${satisfactionLabel(level, lang)}`, `Weight: ${satisfactionLabel(level, lang)}`)}
              dependencies={i > 0 ? [['satisfactionWeights', SATISFACTION_LEVELS[i - 1]!]] : []}
              rules={[{ required: true, message: t('请填写 0–1 的权重', 'Enter a weight from 0 to 1') }, notAbove(i)]}
            >
              <InputNumber min={0} max={1} step={0.1} style={{ width: 100 }} />
            </Form.Item>
          ))}
          <Divider titlePlacement="start" plain>
            {t('个人信息', 'Personal data')}
          </Divider>
          <Form.Item
            name="retentionYears"
            label={t('个人信息保存年限', 'Keep personal data (years)')}
            extra={t('归档超过该年限的诉求，每天自动将诉求人个人信息匿名化，统计数据不变；0 为永久保存。', 'The citizens of cases archived longer ago are anonymised daily; the statistics stay. 0 keeps them for ever.')}
          >
            <InputNumber min={0} max={100} precision={0} style={{ width: 100 }} />
          </Form.Item>
          <Form.Item wrapperCol={{ offset: 10 }} style={{ marginBottom: 0 }}>
            <Button type="primary" htmlType="submit" loading={busy}>
              {t('保存设置', 'Save settings')}
            </Button>
          </Form.Item>
        </Form>
      )}
    </Card>
  );
}
