/**
 * 通报批评 (DOMAIN.md §9, S1 §3): the quarter's entries by unit, counted by reason — those the
 * platform found (two reworks in a row, unexplained overdue cases …) and those a supervisor recorded.
 * The supervisor adds and revokes entries; a unit's leader reads their own unit's (通报记录).
 * With `notice` (supervisors, leaders), a second tab shows the quarter's notice as drafted from them.
 */
import { lazy, Suspense, useMemo, useState } from 'react';
import { Alert, Button, Checkbox, Form, Input, Modal, Select, Space, Spin, Table, Tabs, Tag, message } from 'antd';
import { Link } from 'react-router-dom';
import { get, post, qs } from '../shared/api';
import { useLang } from '../shared/i18n';
import { useAsync } from '../shared/useAsync';
import { TAG, fmtTime } from '../shared/format';
import { PageTitle, errorText } from '../shared/ui';
import { quarterLabel, recentQuarters } from '../shared/periods';
import { CRITICISM_REASONS, CRITICISM_REASON_LABELS, type CriticismReason } from '../../core/criticism';
import type { CriticismEntry, Unit } from '../shared/types';

// the notice draws charts: ECharts is loaded when the tab is opened
const CriticismNotice = lazy(() => import('./CriticismNotice').then((m) => ({ default: m.CriticismNotice })));

/** Column heads short enough for a table; the full reason is in each entry. */
const SHORT: Record<CriticismReason, [string, string]> = {
  consecutive_rework: ['连续退回重办', 'Reworked twice'],
  missing_written_feedback: ['未书面反馈', 'No written answer'],
  overdue_unexplained: ['超期未说明', 'Overdue unexplained'],
  contradicts_reality: ['与事实不符', 'Untrue reply'],
  repeated_complaints: ['反复投诉未处理', 'Repeat complaints'],
  duty_phone_unanswered: ['值班电话无人接', 'Duty phone'],
};

interface UnitRow {
  unit: CriticismEntry['unit'];
  entries: CriticismEntry[];
  counts: Partial<Record<CriticismReason, number>>;
  total: number;
}

export function CriticismsPage({ canEdit, notice = false }: { canEdit: boolean; notice?: boolean }) {
  const { lang, t } = useLang();
  const quarters = useMemo(() => recentQuarters(), []);
  const [quarter, setQuarter] = useState(quarters[0]!);
  const [tab, setTab] = useState<'entries' | 'notice'>('entries');
  const [withRevoked, setWithRevoked] = useState(false);
  const [adding, setAdding] = useState(false);
  const [revoking, setRevoking] = useState<CriticismEntry | null>(null);
  const { data, error, loading, reload } = useAsync(() => get<CriticismEntry[]>(`/api/criticisms${qs({ quarter, includeRevoked: withRevoked || undefined })}`), [quarter, withRevoked]);
  const rows = useMemo(() => {
    const m = new Map<string, UnitRow>();
    for (const e of data ?? []) {
      const r = m.get(e.unit.id) ?? { unit: e.unit, entries: [], counts: {}, total: 0 };
      r.entries.push(e);
      if (!e.revokedAt) {
        r.counts[e.reason] = (r.counts[e.reason] ?? 0) + 1;
        r.total++;
      }
      m.set(e.unit.id, r);
    }
    return [...m.values()].sort((a, b) => b.total - a.total || a.unit.code.localeCompare(b.unit.code));
  }, [data]);
  const qLabel = (q: string) => quarterLabel(q, lang);

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <PageTitle
        extra={
          <>
            <Select aria-label={t('季度', 'Quarter')} style={{ width: 150 }} value={quarter} onChange={setQuarter} options={quarters.map((q) => ({ value: q, label: qLabel(q) }))} />
            {tab === 'entries' && (
              <>
                <Checkbox checked={withRevoked} onChange={(e) => setWithRevoked(e.target.checked)}>
                  {t('含已撤销', 'Include revoked')}
                </Checkbox>
                {canEdit && (
                  <Button type="primary" onClick={() => setAdding(true)}>
                    {t('登记通报事由', 'Record an entry')}
                  </Button>
                )}
                <Button onClick={reload}>{t('刷新', 'Refresh')}</Button>
              </>
            )}
          </>
        }
      >
        {canEdit || notice ? t('通报批评', 'Criticism list') : t('通报记录', 'Criticism entries')}
      </PageTitle>
      {notice && (
        <Tabs
          activeKey={tab}
          onChange={(k) => setTab(k as 'entries' | 'notice')}
          items={[
            { key: 'entries', label: t('通报事由', 'Entries') },
            { key: 'notice', label: t('通报草稿', 'Draft notice') },
          ]}
          style={{ marginBottom: -8 }}
        />
      )}
      {tab === 'notice' && (
        <Suspense fallback={<Spin />}>
          <CriticismNotice quarter={quarter} />
        </Suspense>
      )}
      {error && tab === 'entries' && <Alert type="error" title={error.message} showIcon />}
      {tab === 'entries' && <Table<UnitRow>
        // a unit leader reads their entries opened; remounted when the rows arrive so they open
        key={canEdit || notice ? 'units' : `${quarter}:${rows.length}`}
        rowKey={(r) => r.unit.id}
        size="small"
        loading={loading}
        dataSource={rows}
        pagination={false}
        locale={{ emptyText: t(`${qLabel(quarter)}没有通报事由`, `No entry in ${quarter}`) }}
        expandable={{ expandedRowRender: (r) => <Entries entries={r.entries} canEdit={canEdit} onRevoke={setRevoking} />, defaultExpandAllRows: !canEdit && !notice }}
        columns={[
          { title: t('单位', 'Unit'), key: 'unit', render: (_: unknown, r) => r.unit.name },
          ...CRITICISM_REASONS.map((reason) => ({
            title: <span title={CRITICISM_REASON_LABELS[reason][lang]}>{t(...SHORT[reason])}</span>,
            key: reason,
            width: 104,
            align: 'center' as const,
            render: (_: unknown, r: UnitRow) => r.counts[reason] ?? '—',
          })),
          { title: t('合计', 'Total'), dataIndex: 'total', width: 70, align: 'center' as const, render: (n: number) => <strong>{n}</strong> },
        ]}
      />}
      {adding && <AddModal onClose={() => setAdding(false)} onDone={(q) => (setAdding(false), q !== quarter ? setQuarter(q) : reload())} />}
      {revoking && <RevokeModal entry={revoking} onClose={() => setRevoking(null)} onDone={() => (setRevoking(null), reload())} />}
    </Space>
  );
}

function Entries({ entries, canEdit, onRevoke }: { entries: CriticismEntry[]; canEdit: boolean; onRevoke: (e: CriticismEntry) => void }) {
  const { t } = useLang();
  return (
    <ul style={{ margin: 0, paddingLeft: 20 }}>
      {entries.map((e) => (
        <li key={e.id} style={{ marginBottom: 6, color: e.revokedAt ? '#595959' : undefined }}>
          <Space size={4} wrap>
            <Tag color={e.revokedAt ? TAG.grey : TAG.red}>{e.reasonLabel}</Tag>
            <Tag color={e.source === 'auto' ? TAG.blue : TAG.purple}>{e.source === 'auto' ? t('系统认定', 'Found by the platform') : t('人工登记', 'Recorded')}</Tag>
            {e.caseId && <Link to={`/cases/${e.caseId}`}>{e.caseNo}</Link>}
            <span>{fmtTime(e.createdAt)}</span>
            {canEdit && !e.revokedAt && (
              <Button size="small" onClick={() => onRevoke(e)}>
                {t('撤销', 'Revoke')}
              </Button>
            )}
          </Space>
          <div style={{ whiteSpace: 'pre-wrap' }}>{e.detail}</div>
          {e.revokedAt && (
            <div>
              {t('已撤销', 'Revoked')} {fmtTime(e.revokedAt)}：{e.revokeNote}
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}

function AddModal({ onClose, onDone }: { onClose: () => void; onDone: (quarter: string) => void }) {
  const { lang, t } = useLang();
  const [form] = Form.useForm<{ unit: string; reason: CriticismReason; detail: string; case?: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const units = useAsync(() => get<Unit[]>('/api/units'), []);
  const unitOptions = (units.data ?? []).filter((u) => u.active && u.type !== 'centre' && u.type !== 'government').map((u) => ({ value: u.code, label: u.name }));
  async function submit() {
    const v = await form.validateFields();
    setBusy(true);
    setError(undefined);
    try {
      const r = await post<{ id: string; quarter: string }>('/api/criticisms', { unit: v.unit, reason: v.reason, detail: v.detail.trim(), ...(v.case?.trim() ? { case: v.case.trim() } : {}) });
      message.success(t('已登记', 'Recorded'));
      onDone(r.quarter);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Modal open title={t('登记通报事由', 'Record a criticism entry')} onCancel={onClose} onOk={() => void submit()} confirmLoading={busy} okText={t('登记', 'Record')} cancelText={t('取消', 'Cancel')} width={600} destroyOnHidden>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} />}
      <Form form={form} layout="vertical">
        <Form.Item name="unit" label={t('单位', 'Unit')} rules={[{ required: true, message: t('请选择单位', 'Choose a unit') }]}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={unitOptions} loading={units.loading} />
        </Form.Item>
        <Form.Item name="reason" label={t('事由', 'Reason')} rules={[{ required: true, message: t('请选择事由', 'Choose a reason') }]}>
          <Select options={CRITICISM_REASONS.map((r) => ({ value: r, label: CRITICISM_REASON_LABELS[r][lang] }))} />
        </Form.Item>
        <Form.Item name="detail" label={t('具体情况', 'Details')} rules={[{ required: true, whitespace: true, min: 5, message: t('请写明具体情况（至少 5 个字）', 'Describe it (5 characters at least)') }]}>
          <Input.TextArea rows={3} maxLength={1000} showCount />
        </Form.Item>
        <Form.Item name="case" label={t('相关诉求编号（可不填）', 'Case number (optional)')}>
          <Input maxLength={64} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function RevokeModal({ entry, onClose, onDone }: { entry: CriticismEntry; onClose: () => void; onDone: () => void }) {
  const { t } = useLang();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  async function submit() {
    if (note.trim().length < 2) return setError(t('请写明撤销理由', 'Give the reason'));
    setBusy(true);
    setError(undefined);
    try {
      await post(`/api/criticisms/${entry.id}/revoke`, { note: note.trim() });
      message.success(t('已撤销', 'Revoked'));
      onDone();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Modal open title={t('撤销通报事由', 'Revoke the entry')} onCancel={onClose} onOk={() => void submit()} confirmLoading={busy} okText={t('撤销', 'Revoke')} okButtonProps={{ danger: true }} cancelText={t('取消', 'Cancel')} destroyOnHidden>
      <p>
        {entry.unit.name} · {entry.reasonLabel}：{entry.detail}
      </p>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} />}
      <label htmlFor="criticism-revoke-note">{t('撤销理由', 'Reason')}</label>
      <Input.TextArea id="criticism-revoke-note" rows={3} maxLength={1000} value={note} onChange={(e) => setNote(e.target.value)} />
    </Modal>
  );
}
