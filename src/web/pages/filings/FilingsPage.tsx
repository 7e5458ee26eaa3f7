/**
 * 信息报备 (issue #12 §2, S4 annex 4): a unit's handler and leader file for their unit and see their
 * filings (and those of units below), withdrawing one until it ends; the centre sees every filing,
 * files for any unit, and has the late report (迟报统计) per unit.
 */
import { Suspense, lazy, useState } from 'react';
import { Alert, App, Button, Input, Modal, Segmented, Select, Space, Spin, Table, Tabs, Typography } from 'antd';
import { FILING_TYPES, FILING_TYPE_LABELS, type FilingType } from '../../../core/filings';
import { CENTRE_ROLES } from '../../../core/case-lifecycle';
import { get, post, qs } from '../../shared/api';
import { useAsync } from '../../shared/useAsync';
import { useLang } from '../../shared/i18n';
import { useMe } from '../../shared/session';
import { PageTitle } from '../../shared/ui';
import { fmtTime } from '../../shared/format';
import { LateTag, PhaseTag, period, type Filing } from '../../shared/filings';
import { FilingForm } from './FilingForm';
import type { Unit } from '../../shared/types';

// ECharts only when the late report opens
const LateReport = lazy(() => import('./LateReport').then((m) => ({ default: m.LateReport })));

type Shown = 'active' | 'past' | 'all';

export function FilingsPage() {
  const { t } = useLang();
  const me = useMe();
  const centre = me.atCentre && (CENTRE_ROLES as readonly string[]).includes(me.role);
  const [filing, setFiling] = useState(false);
  const [tab, setTab] = useState('list');
  const [version, setVersion] = useState(0);
  const list = <FilingsTable centre={centre} version={version} />;
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <PageTitle
        extra={
          <Button type="primary" onClick={() => setFiling(true)} data-testid="filing-new">
            {t('新建报备', 'New filing')}
          </Button>
        }
      >
        {centre ? t('信息报备', 'Information filings') : t(`信息报备 · ${me.unit.name}`, `Information filings · ${me.unit.name}`)}
      </PageTitle>
      <Typography.Text type="secondary">
        {t('停水、停电、施工、交通管制、暂停办公、收费调整、新规出台等计划事项须至少提前 3 天报备，突发事件实时报备。报备内容将在公告栏展示，供话务员当即答复群众。', 'Planned outages, works, closures, fee changes and new rules are filed at least 3 days ahead; emergencies as they happen. Filings show on the bulletin board for operators to answer callers.')}
      </Typography.Text>
      {centre ? (
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            { key: 'list', label: t('全部报备', 'All filings'), children: list },
            {
              key: 'late',
              label: t('迟报统计', 'Late filings'),
              children: tab === 'late' && (
                <Suspense fallback={<Spin />}>
                  <LateReport />
                </Suspense>
              ),
            },
          ]}
        />
      ) : (
        list
      )}
      {filing && <FilingForm centre={centre} onClose={() => setFiling(false)} onFiled={() => (setFiling(false), setVersion((v) => v + 1))} />}
    </Space>
  );
}

function FilingsTable({ centre, version }: { centre: boolean; version: number }) {
  const { lang, t } = useLang();
  const me = useMe();
  const [shown, setShown] = useState<Shown>('active');
  const [type, setType] = useState<FilingType>();
  const [unit, setUnit] = useState<string>();
  const [withdrawing, setWithdrawing] = useState<Filing | null>(null);
  const filings = useAsync(() => get<Filing[]>(`/api/filings${qs({ active: shown === 'all' ? undefined : shown === 'active', type, unit, limit: 500 })}`), [shown, type, unit, version]);
  // the units that filed, for the centre's filter (a unit's own list names the units below it)
  const allUnits = useAsync(() => (centre ? get<Unit[]>('/api/units') : Promise.resolve([] as Unit[])), [centre]);
  const unitOptions = (allUnits.data ?? []).filter((u) => u.active && u.type !== 'government').map((u) => ({ value: u.code, label: u.name }));
  const filers = new Set((filings.data ?? []).map((f) => f.unit.id));
  const mayWithdraw = (f: Filing) => f.status === 'active' && f.phase !== 'ended' && (centre || f.unit.id === me.unit.id);

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Space wrap>
        <Segmented<Shown>
          aria-label={t('按状态筛选', 'Filter by status')}
          value={shown}
          onChange={setShown}
          options={[
            { value: 'active', label: t('进行中和即将开始', 'Under way and upcoming') },
            { value: 'past', label: t('已结束或撤回', 'Ended or withdrawn') },
            { value: 'all', label: t('全部', 'All') },
          ]}
        />
        <Select allowClear aria-label={t('报备类型', 'Type')} placeholder={t('全部类型', 'All types')} style={{ width: 200 }} value={type} onChange={setType} options={FILING_TYPES.map((k) => ({ value: k, label: FILING_TYPE_LABELS[k][lang] }))} />
        {centre && (
          <Select allowClear showSearch={{ optionFilterProp: 'label' }} aria-label={t('报备单位', 'Unit')} placeholder={t('全部单位', 'All units')} style={{ width: 240 }} value={unit} onChange={setUnit} options={unitOptions} loading={allUnits.loading} />
        )}
      </Space>
      {filings.error && <Alert type="error" showIcon title={filings.error.message} />}
      <Table<Filing>
        rowKey="id"
        size="small"
        loading={filings.loading}
        dataSource={filings.data ?? []}
        pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
        locale={{ emptyText: t('没有报备', 'No filing') }}
        columns={[
          { title: t('类型', 'Type'), dataIndex: 'typeLabel', width: 110 },
          {
            title: t('报备事项', 'Filing'),
            key: 'title',
            render: (_: unknown, f) => (
              <div data-filing={f.title}>
                <Typography.Text strong>{f.title}</Typography.Text>
                <Typography.Paragraph type="secondary" style={{ margin: 0, fontSize: 12 }} ellipsis={{ rows: 2, tooltip: f.content }}>
                  {f.content}
                </Typography.Paragraph>
                {f.withdrawNote && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('撤回说明', 'Withdrawn')}：{f.withdrawNote}
                  </Typography.Text>
                )}
              </div>
            ),
          },
          ...(centre || filers.size > 1 ? [{ title: t('报备单位', 'Unit'), key: 'unit', width: 170, ellipsis: true, render: (_: unknown, f: Filing) => f.unit.name }] : []),
          { title: t('起止时间', 'Period'), key: 'period', width: 190, render: (_: unknown, f) => period(f) },
          { title: t('范围', 'Area'), key: 'area', width: 150, render: (_: unknown, f) => f.areaNames.join('、') || t('全市', 'Whole city') },
          {
            title: t('状态', 'Status'),
            key: 'phase',
            width: 130,
            render: (_: unknown, f) => (
              <Space size={2} wrap>
                <PhaseTag phase={f.phase} />
                <LateTag late={f.late} />
              </Space>
            ),
          },
          { title: t('报备', 'Filed'), key: 'filed', width: 150, render: (_: unknown, f) => <span style={{ fontSize: 12 }}>{`${fmtTime(f.filedAt)} ${f.filedBy ?? ''}`}</span> },
          {
            title: t('操作', 'Actions'),
            key: 'actions',
            width: 80,
            render: (_: unknown, f) =>
              mayWithdraw(f) ? (
                <Button size="small" danger onClick={() => setWithdrawing(f)} aria-label={t(`撤回报备：${f.title}`, `Withdraw: ${f.title}`)}>
                  {t('撤回', 'Withdraw')}
                </Button>
              ) : null,
          },
        ]}
      />
      {withdrawing && <WithdrawModal f={withdrawing} onClose={() => setWithdrawing(null)} onDone={() => (setWithdrawing(null), filings.reload())} />}
    </Space>
  );
}

function WithdrawModal({ f, onClose, onDone }: { f: Filing; onClose: () => void; onDone: () => void }) {
  const { t } = useLang();
  const { message } = App.useApp();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  async function submit() {
    if (!note.trim()) return message.error(t('请填写撤回原因', 'Say why it is withdrawn'));
    setBusy(true);
    try {
      await post(`/api/filings/${f.id}/withdraw`, { note: note.trim() });
      message.success(t('已撤回', 'Withdrawn'));
      onDone();
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Modal open title={t(`撤回报备：${f.title}`, `Withdraw: ${f.title}`)} onCancel={onClose} onOk={() => void submit()} okText={t('撤回', 'Withdraw')} okButtonProps={{ danger: true }} cancelText={t('取消', 'Cancel')} confirmLoading={busy} destroyOnHidden>
      <Typography.Paragraph type="secondary">{t('撤回后该报备将从公告栏移除；迟报记录仍保留。', 'It leaves the bulletin board; a late filing still counts as late.')}</Typography.Paragraph>
      <label htmlFor="withdraw-note">{t('撤回原因', 'Why')}</label>
      <Input.TextArea id="withdraw-note" rows={3} maxLength={1000} value={note} onChange={(e) => setNote(e.target.value)} />
    </Modal>
  );
}
