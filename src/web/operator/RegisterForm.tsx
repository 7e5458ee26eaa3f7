/**
 * 诉求登记 (POST /api/cases): what the citizen asks, where, and who they are — checked here as the
 * server checks it (mobile or landline, GB 11643 ID numbers); the server's refusal names its field,
 * which is marked on the form. Ctrl+Enter registers.
 */
import { useRef, useState, type Ref } from 'react';
import { Alert, Button, Card, Col, Form, Input, Row, Select, Switch, Tag, TreeSelect, Typography, type FormInstance, type InputRef } from 'antd';
import { ApiError, post } from '../shared/api';
import { useLang } from '../shared/i18n';
import { channelLabel, kindLabel, urgencyLabel } from '../shared/format';
import { CHANNELS, KINDS, URGENCIES, type Channel, type Kind, type Urgency } from '../../core/enums';
import { isValidCitizenPhone, isValidIdNumber } from '../../core/citizen';
import type { CaseView } from '../shared/types';
import type { CategoryNode } from './categories';
import { ctrlEnter } from './hooks';
import { ChannelTagFields } from './ChannelTags';

/** A random key (crypto.randomUUID needs HTTPS; getRandomValues works on plain HTTP too). */
function newKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

export interface RegisterValues {
  channel: Channel;
  kind?: Kind;
  urgency: Urgency;
  title?: string;
  content?: string;
  categoryCode?: string;
  address?: string;
  anonymous: boolean;
  confidential: boolean;
  citizen?: { name?: string; phone?: string; idNumber?: string };
  /** 领导热线, 社会联络员, 走基层: the session, liaison or activity (ChannelTags.tsx). */
  leaderSessionId?: string;
  liaisonId?: string;
  activityId?: string;
}

export const EMPTY_REGISTRATION: RegisterValues = { channel: 'phone', urgency: 'normal', anonymous: false, confidential: false };

/** Fields the server may name in a refusal, as form paths. */
const FORM_FIELDS = ['channel', 'kind', 'urgency', 'title', 'content', 'categoryCode', 'address', 'citizen.name', 'citizen.phone', 'citizen.idNumber', 'leaderSessionId', 'liaisonId', 'activityId'];

const trimmed = (s: string | undefined) => (s?.trim() ? s.trim() : undefined);

export function RegisterForm({
  form,
  callId,
  onClearCall,
  onRegistered,
  categories,
  titleRef,
}: {
  form: FormInstance<RegisterValues>;
  callId: string | null;
  onClearCall: () => void;
  onRegistered: (c: CaseView) => void;
  categories: CategoryNode[];
  titleRef: Ref<InputRef>;
}) {
  const { lang, t } = useLang();
  const [busy, setBusy] = useState(false);
  const [serverError, setServerError] = useState<string>();
  const idempotencyKey = useRef(newKey());
  const anonymous = Form.useWatch('anonymous', form);
  const channel = Form.useWatch('channel', form);

  async function submit(v: RegisterValues) {
    const citizen = v.anonymous ? undefined : { name: trimmed(v.citizen?.name), phone: trimmed(v.citizen?.phone), idNumber: trimmed(v.citizen?.idNumber)?.toUpperCase() };
    const body = {
      channel: v.channel,
      kind: v.kind,
      urgency: v.urgency,
      title: v.title?.trim(),
      content: v.content?.trim(),
      categoryCode: v.categoryCode || undefined,
      address: trimmed(v.address),
      anonymous: v.anonymous,
      confidential: v.confidential,
      citizen: citizen && Object.values(citizen).some(Boolean) ? citizen : undefined,
      callId: callId ?? undefined,
      // only the channel's own tag: a leftover choice from another channel is not sent
      leaderSessionId: v.channel === 'leader_line' ? v.leaderSessionId || undefined : undefined,
      liaisonId: v.channel === 'liaison' ? v.liaisonId || undefined : undefined,
      activityId: v.channel === 'grassroots' ? v.activityId || undefined : undefined,
    };
    setBusy(true);
    setServerError(undefined);
    try {
      // one key per case being entered: a resend after a lost answer returns the same case
      onRegistered(await post<CaseView>('/api/cases', body, { 'idempotency-key': idempotencyKey.current }));
      idempotencyKey.current = newKey();
    } catch (e) {
      const message = e instanceof ApiError ? e.message : String(e);
      setServerError(message);
      const field = e instanceof ApiError && typeof e.details?.field === 'string' ? e.details.field : null;
      const path = field === 'citizen' ? 'citizen.name' : field;
      if (path && FORM_FIELDS.includes(path)) form.setFields([{ name: path.split('.') as never, errors: [message] }]);
    } finally {
      setBusy(false);
    }
  }

  const required = (zh: string, en: string) => ({ required: true, message: t(`请填写${zh}`, `${en} is required`) });
  return (
    <Card
      size="small"
      title={t('诉求登记', 'Registration')}
      extra={
        callId ? (
          <Tag color="red" closable onClose={onClearCall} data-testid="call-tag">
            {t('来电', 'Call')} {callId}
          </Tag>
        ) : (
          <Typography.Text type="secondary">{t('未关联来电', 'No call linked')}</Typography.Text>
        )
      }
    >
      <div onKeyDown={ctrlEnter(() => form.submit())}>
        <Form<RegisterValues> form={form} layout="vertical" initialValues={EMPTY_REGISTRATION} onFinish={submit} onValuesChange={() => serverError && setServerError(undefined)} aria-label={t('诉求登记', 'Registration')}>
          <Row gutter={12}>
            <Col span={8}>
              <Form.Item name="channel" label={t('渠道', 'Channel')} rules={[required('渠道', 'Channel')]}>
                <Select options={CHANNELS.map((c) => ({ value: c, label: channelLabel(c, lang) }))} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="kind" label={t('诉求类型', 'Kind')} rules={[{ required: true, message: t('请选择诉求类型', 'Choose the kind') }]}>
                <Select options={KINDS.map((k) => ({ value: k, label: kindLabel(k, lang) }))} placeholder={t('请选择', 'Choose')} showSearch={{ optionFilterProp: 'label' }} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="urgency" label={t('紧急程度', 'Urgency')}>
                <Select options={URGENCIES.map((u) => ({ value: u, label: urgencyLabel(u, lang) }))} />
              </Form.Item>
            </Col>
          </Row>
          <ChannelTagFields channel={channel} />
          <Form.Item name="title" label={t('标题', 'Title')} rules={[required('标题', 'Title'), { min: 2, message: t('标题至少 2 个字', 'At least 2 characters') }, { max: 200 }]}>
            <Input ref={titleRef} autoFocus maxLength={200} placeholder={t('一句话概括诉求', 'The request in one line')} />
          </Form.Item>
          <Form.Item name="content" label={t('诉求内容', 'Content')} rules={[required('诉求内容', 'Content'), { min: 5, message: t('诉求内容至少 5 个字', 'At least 5 characters') }]}>
            <Input.TextArea rows={4} maxLength={10000} placeholder={t('时间、地点、事情经过、群众诉求', 'When, where, what happened, what the citizen asks')} />
          </Form.Item>
          <Row gutter={12}>
            <Col span={12}>
              <Form.Item name="categoryCode" label={t('诉求分类', 'Category')}>
                <TreeSelect treeData={categories} allowClear showSearch={{ treeNodeFilterProp: 'title' }} placeholder={t('输入搜索或点右侧建议', 'Type to search, or pick a suggestion')} popupMatchSelectWidth={false} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="address" label={t('事发地址', 'Address')} rules={[{ max: 500 }]}>
                <Input maxLength={500} placeholder={t('区县、街道、小区、门牌', 'District, street, estate, number')} />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={12}>
            <Col span={7}>
              <Form.Item
                name={['citizen', 'name']}
                label={t('诉求人姓名', 'Citizen name')}
                dependencies={['anonymous', ['citizen', 'phone']]}
                rules={[
                  ({ getFieldValue }) => ({
                    validator: (_, v?: string) =>
                      getFieldValue('anonymous') || v?.trim() || getFieldValue(['citizen', 'phone'])?.trim() ? Promise.resolve() : Promise.reject(new Error(t('非匿名诉求须填写姓名或联系电话', 'Name or phone needed unless anonymous'))),
                  }),
                ]}
              >
                <Input maxLength={50} disabled={anonymous} autoComplete="off" />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item
                name={['citizen', 'phone']}
                label={t('联系电话', 'Phone')}
                rules={[{ validator: (_, v?: string) => (!v?.trim() || isValidCitizenPhone(v) ? Promise.resolve() : Promise.reject(new Error(t('请输入有效的手机号或固定电话', 'Enter a valid mobile or landline number')))) }]}
              >
                <Input maxLength={32} disabled={anonymous} autoComplete="off" inputMode="tel" />
              </Form.Item>
            </Col>
            <Col span={9}>
              <Form.Item
                name={['citizen', 'idNumber']}
                label={t('身份证号', 'ID number')}
                rules={[{ validator: (_, v?: string) => (!v?.trim() || isValidIdNumber(v, new Date()) ? Promise.resolve() : Promise.reject(new Error(t('身份证号无效（GB 11643 校验不通过）', 'Not a valid ID number (GB 11643)')))) }]}
              >
                <Input maxLength={18} disabled={anonymous} autoComplete="off" />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={12} align="middle">
            <Col flex="none">
              <Form.Item name="anonymous" label={t('匿名', 'Anonymous')} valuePropName="checked" layout="horizontal" style={{ marginBottom: 12 }}>
                <Switch onChange={(on) => on && form.setFieldValue('citizen', undefined)} />
              </Form.Item>
            </Col>
            <Col flex="none">
              <Form.Item name="confidential" label={t('保密', 'Confidential')} valuePropName="checked" layout="horizontal" style={{ marginBottom: 12 }} tooltip={t('保密件：承办单位看不到诉求人信息', 'Units will not see the citizen’s details')}>
                <Switch />
              </Form.Item>
            </Col>
            <Col flex="auto" style={{ textAlign: 'right' }}>
              <Button htmlType="button" onClick={() => (form.resetFields(), setServerError(undefined))} style={{ marginInlineEnd: 8 }}>
                {t('清空', 'Clear')}
              </Button>
              {/* not a submit button: Enter in a field must not register half a case; Ctrl+Enter does */}
              <Button type="primary" htmlType="button" onClick={() => form.submit()} loading={busy} data-testid="register-submit">
                {t('登记', 'Register')}
                <span style={{ fontSize: 12, opacity: 0.8 }}>（Ctrl+Enter）</span>
              </Button>
            </Col>
          </Row>
          {serverError && <Alert type="error" showIcon title={serverError} role="alert" data-testid="register-error" />}
        </Form>
      </div>
    </Card>
  );
}
