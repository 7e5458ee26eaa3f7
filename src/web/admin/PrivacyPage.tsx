/**
 * 个人信息保护 (issue #9 §2; docs/privacy.md): a citizen's request to see or delete their data —
 * find them by phone or ID number, export everything held on them, erase it from their finished
 * cases —, the retention setting's job, and the record of every request. Also the access report
 * per user that the access-log page shows (`AccessReport`).
 */
import { useMemo, useState } from 'react';
import { Alert, Button, Card, Col, DatePicker, Descriptions, Form, Input, Popconfirm, Row, Select, Space, Statistic, Table, Tabs, Typography } from 'antd';
import dayjs from 'dayjs';
import { Link } from 'react-router-dom';
import { ApiError, api, get, post, qs } from '../shared/api';
import { useAsync } from '../shared/useAsync';
import { useLang } from '../shared/i18n';
import { fmtTime } from '../shared/format';
import { shiftDay, shanghaiToday } from '../shared/periods';
import { Chart, type ChartOption } from '../shared/Chart';
import { AdminPage, Pill, Section, useRun } from './ui';
import { roleLabel } from './labels';

interface ReportRow {
  userId: string;
  username: string;
  displayName: string;
  role: string;
  unit: string;
  views: number;
  cases: number;
  citizens: number;
  firstView: string;
  lastView: string;
  roleMedian: number;
  flagged: boolean;
}

/** 按人员统计: unmasked views per user in a period, unusual ones flagged, with a bar chart and a CSV download. */
export function AccessReport() {
  const { lang, t } = useLang();
  const today = useMemo(() => shanghaiToday(), []);
  const [range, setRange] = useState({ from: shiftDay(today, -29), to: today });
  const [user, setUser] = useState('');
  const query = { ...range, user: user.trim() };
  const { data, error, loading } = useAsync(() => get<{ rows: ReportRow[] }>(`/api/access-log/report${qs(query)}`), [range.from, range.to, user]);
  const rows = data?.rows ?? [];
  const chart = useMemo<ChartOption | null>(() => {
    const top = rows.slice(0, 20).reverse();
    if (top.length === 0) return null;
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 8, right: 40, top: 8, bottom: 24, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: top.map((r) => r.displayName) },
      series: [
        {
          type: 'bar',
          name: t('查看次数', 'Views'),
          barMaxWidth: 22,
          data: top.map((r) => ({ value: r.views, itemStyle: { color: r.flagged ? '#c0392b' : '#2f6db5' } })),
          label: { show: true, position: 'right' },
        },
      ],
    };
  }, [rows, t]);
  const flagged = rows.filter((r) => r.flagged).length;
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Space wrap>
        <DatePicker.RangePicker
          aria-label={t('统计时段', 'Period')}
          allowClear={false}
          value={[dayjs(range.from), dayjs(range.to)]}
          onChange={(v) => v?.[0] && v[1] && setRange({ from: v[0].format('YYYY-MM-DD'), to: v[1].format('YYYY-MM-DD') })}
        />
        <Input.Search allowClear aria-label={t('只看某用户（用户名）', 'One user (username)')} placeholder={t('只看某用户（用户名）', 'One user (username)')} style={{ width: 220 }} onSearch={setUser} />
        <a href={`/api/access-log/report${qs({ ...query, format: 'csv' })}`} download>
          {t('下载 CSV', 'Download CSV')}
        </a>
      </Space>
      <Typography.Text type="secondary">
        {t('查看次数达到同角色中位数 3 倍且不少于 10 次的标为异常，请核实其查看用途。', 'Flagged: at least 3 times the median of the same role and at least 10 views. Check what the views were for.')}
      </Typography.Text>
      {error && <Alert type="error" title={error.message} showIcon />}
      {flagged > 0 && <Alert type="warning" showIcon title={t(`${flagged} 人查看次数异常`, `${flagged} user(s) flagged`)} />}
      {chart && (
        <Card size="small" title={t('查看次数最多的人员', 'Most views')}>
          <Chart option={chart} label={t('各人员查看未脱敏个人信息次数的柱状图，异常者为红色', 'Unmasked views per user as bars, flagged ones in red')} height={Math.max(140, Math.min(rows.length, 20) * 26 + 40)} />
        </Card>
      )}
      <Table<ReportRow>
        rowKey="userId"
        size="small"
        loading={loading}
        dataSource={rows}
        pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
        locale={{ emptyText: t('该时段没有查看记录', 'No views in the period') }}
        columns={[
          { title: t('人员', 'User'), key: 'user', render: (_: unknown, r) => `${r.displayName}（${r.username}）` },
          { title: t('角色', 'Role'), dataIndex: 'role', width: 110, render: (v: string) => roleLabel(v, lang) },
          { title: t('单位', 'Unit'), dataIndex: 'unit', ellipsis: true },
          { title: t('查看次数', 'Views'), dataIndex: 'views', width: 90, align: 'right' },
          { title: t('诉求数', 'Cases'), dataIndex: 'cases', width: 80, align: 'right' },
          { title: t('群众数', 'Citizens'), dataIndex: 'citizens', width: 80, align: 'right' },
          { title: t('首次查看', 'First view'), dataIndex: 'firstView', width: 140, render: fmtTime },
          { title: t('最近查看', 'Last view'), dataIndex: 'lastView', width: 140, render: fmtTime },
          { title: t('同角色中位数', 'Role median'), dataIndex: 'roleMedian', width: 110, align: 'right' },
          { title: t('异常', 'Unusual'), dataIndex: 'flagged', width: 80, render: (v: boolean) => (v ? <Pill tone="red">{t('异常', 'Flagged')}</Pill> : '—') },
        ]}
      />
    </Space>
  );
}

interface Preview {
  subject: string;
  cases: { caseNo: string; title: string; citizenName: string | null; state: string; stateLabel: string; finished: boolean; createdAt: string; closedAt: string | null; archivedAt: string | null }[];
  openCases: string[];
  openCorequests: string[];
}

interface Erasure {
  reference: string;
  subject: string;
  erased: { caseNo: string; state: string; attachmentsRemoved: number }[];
  corequests: number;
  calls: number;
}

interface RequestForm {
  phone?: string;
  idNumber?: string;
  reference?: string;
}

/** Saves a JSON value as a file the browser downloads. */
function download(name: string, value: unknown) {
  const url = URL.createObjectURL(new Blob([JSON.stringify(value, null, 2)], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** 依申请处理: find the citizen, then export or erase. */
function Requests({ onDone }: { onDone: () => void }) {
  const { t } = useLang();
  const run = useRun();
  const [form] = Form.useForm<RequestForm>();
  const [preview, setPreview] = useState<Preview>();
  const [erasure, setErasure] = useState<Erasure>();
  const [refused, setRefused] = useState<string>();
  const [busy, setBusy] = useState<'find' | 'export' | 'erase'>();
  const subject = () => {
    const v = form.getFieldsValue();
    return { ...(v.phone?.trim() ? { phone: v.phone.trim() } : {}), ...(v.idNumber?.trim() ? { idNumber: v.idNumber.trim() } : {}) };
  };
  const withReference = async () => {
    const v = await form.validateFields();
    if (!v.reference?.trim()) {
      form.setFields([{ name: 'reference', errors: [t('请填写申请编号', 'Enter the request’s reference')] }]);
      return null;
    }
    return { ...subject(), reference: v.reference.trim() };
  };
  const find = async () => {
    setBusy('find');
    setErasure(undefined);
    setRefused(undefined);
    await run(async () => setPreview(await post<Preview>('/api/privacy/lookup', subject())), t('已查询', 'Found'));
    setBusy(undefined);
  };
  const exportData = async () => {
    const body = await withReference();
    if (!body) return;
    setBusy('export');
    await run(async () => {
      const data = await post<{ generatedAt: string }>('/api/privacy/exports', body);
      download(`personal-data-${body.reference.replace(/[^\w\u4e00-\u9fa5-]+/g, '_')}.json`, data);
      onDone();
    }, t('已导出并记录', 'Exported and recorded'));
    setBusy(undefined);
  };
  const erase = async () => {
    const body = await withReference();
    if (!body) return;
    setBusy('erase');
    setRefused(undefined);
    try {
      setErasure(await post<Erasure>('/api/privacy/erasures', body));
      setPreview(await post<Preview>('/api/privacy/lookup', subject()));
      onDone();
    } catch (e) {
      setRefused(e instanceof ApiError ? e.message : (e as Error).message);
    }
    setBusy(undefined);
  };
  const either = ({ getFieldValue }: { getFieldValue: (n: string) => unknown }) => ({
    validator: async () => {
      if (!String(getFieldValue('phone') ?? '').trim() && !String(getFieldValue('idNumber') ?? '').trim()) throw new Error(t('电话号码和身份证号码至少填一项', 'Enter the phone or the ID number'));
    },
  });
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t(
          '群众依《个人信息保护法》申请查阅、复制或删除其个人信息时使用。导出包含其全部诉求、答复、回访、附件清单、办理经过和查看记录；删除只处理已办结或已归档的诉求，姓名、电话、身份证号、住址及正文中的这些信息将被匿名化，群众上传的附件被删除，分类、单位、时间、满意度等统计数据保持不变。每次操作都记录操作人和申请编号。',
          'For a citizen’s request under the PIPL to see, copy or delete their personal data. The export holds all their cases, replies, callbacks, attachment list, history and who viewed them. Erasure only touches closed or archived cases: name, phone, ID number and address, and the same in the texts, are anonymised and the attachments the citizen sent deleted; category, unit, dates and satisfaction — the statistics — stay. Every request is recorded with who did it and its reference.',
        )}
      </Typography.Paragraph>
      <Form form={form} name="privacy-request" layout="inline" onFinish={find}>
        <Form.Item name="phone" label={t('电话号码', 'Phone')} rules={[either]}>
          <Input allowClear style={{ width: 160 }} autoComplete="off" />
        </Form.Item>
        <Form.Item name="idNumber" label={t('身份证号码', 'ID number')} dependencies={['phone']} rules={[either]}>
          <Input allowClear style={{ width: 210 }} autoComplete="off" />
        </Form.Item>
        <Form.Item name="reference" label={t('申请编号', 'Request reference')} extra={t('如“依申请〔2026〕1号”，不要填写个人信息', 'e.g. the letter’s number; no personal data')}>
          <Input allowClear style={{ width: 200 }} maxLength={100} />
        </Form.Item>
        <Form.Item>
          <Button htmlType="submit" loading={busy === 'find'}>
            {t('查找', 'Find')}
          </Button>
        </Form.Item>
      </Form>
      {preview && (
        <Card size="small" title={<Section>{t(`群众 ${preview.subject} 的诉求`, `Cases of ${preview.subject}`)}</Section>}>
          <Space orientation="vertical" size={8} style={{ width: '100%' }}>
            {preview.openCases.length + preview.openCorequests.length > 0 && (
              <Alert
                type="warning"
                showIcon
                title={t(
                  `仍有未办结的诉求（${[...preview.openCases, ...preview.openCorequests].join('、')}），办结前不能删除个人信息。`,
                  `Cases still open (${[...preview.openCases, ...preview.openCorequests].join(', ')}): the data cannot be erased before they close.`,
                )}
              />
            )}
            <Table
              rowKey="caseNo"
              size="small"
              pagination={false}
              dataSource={preview.cases}
              locale={{ emptyText: t('没有找到该群众的个人信息', 'Nothing held on this citizen') }}
              columns={[
                { title: t('诉求', 'Case'), dataIndex: 'caseNo', width: 150, render: (v: string) => <Link to={`/cases/${v}`}>{v}</Link> },
                { title: t('标题', 'Title'), dataIndex: 'title', ellipsis: true },
                { title: t('诉求人', 'Citizen'), dataIndex: 'citizenName', width: 100 },
                { title: t('状态', 'State'), dataIndex: 'stateLabel', width: 100, render: (v: string, r) => (r.finished ? v : <Pill tone="gold">{v}</Pill>) },
                { title: t('登记时间', 'Registered'), dataIndex: 'createdAt', width: 140, render: fmtTime },
              ]}
            />
            <Space wrap>
              <Button type="primary" onClick={exportData} loading={busy === 'export'} disabled={preview.cases.length === 0}>
                {t('导出个人信息（JSON）', 'Export personal data (JSON)')}
              </Button>
              <Popconfirm
                title={t('删除该群众在已办结诉求中的个人信息？此操作不可撤销。', 'Erase this citizen’s data from their finished cases? This cannot be undone.')}
                okText={t('删除', 'Erase')}
                okButtonProps={{ danger: true }}
                cancelText={t('取消', 'Cancel')}
                onConfirm={erase}
              >
                <Button danger loading={busy === 'erase'} disabled={preview.cases.length === 0}>
                  {t('删除个人信息', 'Erase personal data')}
                </Button>
              </Popconfirm>
            </Space>
          </Space>
        </Card>
      )}
      {refused && <Alert type="error" showIcon title={refused} />}
      {erasure && (
        <Alert
          type="success"
          showIcon
          title={t(`已匿名化 ${erasure.erased.length} 件诉求（${erasure.reference}）`, `${erasure.erased.length} case(s) anonymised (${erasure.reference})`)}
          description={erasure.erased.length ? erasure.erased.map((e) => e.caseNo).join('、') : t('没有需要删除的个人信息', 'Nothing was left to erase')}
        />
      )}
    </Space>
  );
}

interface RetentionStatus {
  years: number | null;
  cutoff: string | null;
  due: number;
  anonymisedTotal: number;
  lastRun: { at: string; years: number; cutoff: string; anonymised: number; by: string | null } | null;
}

/** 保存期限: the setting, what is due, the last run, and running it now. */
function Retention({ onDone }: { onDone: () => void }) {
  const { t } = useLang();
  const run = useRun();
  const { data, error, reload } = useAsync(() => get<RetentionStatus>('/api/privacy/retention'), []);
  const [busy, setBusy] = useState(false);
  if (error) return <Alert type="error" showIcon title={error.message} />;
  if (!data) return null;
  const forever = !data.years;
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t(
          '归档超过保存年限的诉求，每天自动将诉求人个人信息匿名化（与依申请删除相同），统计数据不变。保存年限在“时限规则 → 设置”中修改，0 为永久保存。',
          'Every day, the citizens of cases archived longer ago than the retention period are anonymised (as an erasure on request does); the statistics stay. The period is set under Time limits → settings; 0 keeps everything.',
        )}
      </Typography.Paragraph>
      <Row gutter={[12, 12]}>
        <Col xs={12} md={6}>
          <Statistic title={t('保存年限', 'Retention')} value={forever ? t('永久', 'For ever') : t(`${data.years} 年`, `${data.years} years`)} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('待匿名化', 'Due now')} value={data.due} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('已匿名化诉求', 'Anonymised so far')} value={data.anonymisedTotal} />
        </Col>
      </Row>
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={t('归档早于', 'Archived before')}>{data.cutoff ? fmtTime(data.cutoff) : '—'}</Descriptions.Item>
        <Descriptions.Item label={t('上次执行', 'Last run')}>
          {data.lastRun
            ? t(
                `${fmtTime(data.lastRun.at)}，${data.lastRun.by ? `由 ${data.lastRun.by} 执行` : '每日自动'}，匿名化 ${data.lastRun.anonymised} 件`,
                `${fmtTime(data.lastRun.at)}, ${data.lastRun.by ? `by ${data.lastRun.by}` : 'daily job'}, ${data.lastRun.anonymised} anonymised`,
              )
            : t('尚未执行', 'Not yet run')}
        </Descriptions.Item>
      </Descriptions>
      <Popconfirm
        title={t(`立即将 ${data.due} 件诉求的个人信息匿名化？`, `Anonymise the citizens of ${data.due} case(s) now?`)}
        okText={t('执行', 'Run')}
        cancelText={t('取消', 'Cancel')}
        disabled={forever}
        onConfirm={async () => {
          setBusy(true);
          if (await run(() => api('POST', '/api/privacy/retention/run', {}), t('已执行', 'Done'))) {
            reload();
            onDone();
          }
          setBusy(false);
        }}
      >
        <Button loading={busy} disabled={forever}>
          {t('立即执行', 'Run now')}
        </Button>
      </Popconfirm>
    </Space>
  );
}

interface AuditRow {
  id: string;
  kind: 'export' | 'erasure' | 'retention';
  reference: string | null;
  subject: string | null;
  caseNos: string[];
  cases: number;
  actor: { username: string; displayName: string } | null;
  at: string;
}

/** 处理记录: every export, erasure and retention run. */
function Audit({ tick }: { tick: number }) {
  const { t } = useLang();
  const [kind, setKind] = useState<string>();
  const { data, error, loading } = useAsync(() => get<AuditRow[]>(`/api/privacy/audit${qs({ kind, limit: 200 })}`), [kind, tick]);
  const kinds: Record<AuditRow['kind'], string> = { export: t('导出', 'Export'), erasure: t('删除', 'Erasure'), retention: t('保存期限清理', 'Retention') };
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Select
        aria-label={t('类型', 'Kind')}
        allowClear
        placeholder={t('全部类型', 'All kinds')}
        style={{ width: 180 }}
        value={kind}
        onChange={setKind}
        options={Object.entries(kinds).map(([value, label]) => ({ value, label }))}
      />
      {error && <Alert type="error" showIcon title={error.message} />}
      <Table<AuditRow>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={data ?? []}
        pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
        columns={[
          { title: t('时间', 'When'), dataIndex: 'at', width: 140, render: fmtTime },
          { title: t('类型', 'Kind'), dataIndex: 'kind', width: 110, render: (v: AuditRow['kind']) => <Pill tone={v === 'export' ? 'blue' : v === 'erasure' ? 'red' : 'purple'}>{kinds[v]}</Pill> },
          { title: t('申请编号', 'Reference'), dataIndex: 'reference', width: 180, render: (v: string | null) => v ?? '—' },
          { title: t('群众', 'Citizen'), dataIndex: 'subject', width: 240, render: (v: string | null) => v ?? '—' },
          { title: t('诉求', 'Cases'), key: 'cases', render: (_: unknown, r) => (r.caseNos.length ? r.caseNos.join('、') : String(r.cases)) },
          { title: t('操作人', 'By'), dataIndex: 'actor', width: 160, render: (v: AuditRow['actor']) => (v ? `${v.displayName}（${v.username}）` : t('系统', 'System')) },
        ]}
      />
    </Space>
  );
}

export function PrivacyPage() {
  const { t } = useLang();
  const [tick, setTick] = useState(0);
  const done = () => setTick((n) => n + 1);
  return (
    <AdminPage zh="个人信息保护" en="Personal data requests">
      <Tabs
        items={[
          { key: 'requests', label: t('依申请查阅、删除', 'Requests to see or delete'), children: <Requests onDone={done} /> },
          { key: 'retention', label: t('保存期限', 'Retention'), children: <Retention onDone={done} /> },
          { key: 'audit', label: t('处理记录', 'Record'), children: <Audit tick={tick} /> },
        ]}
      />
    </AdminPage>
  );
}
