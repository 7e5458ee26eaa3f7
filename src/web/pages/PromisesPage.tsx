/**
 * 承诺事项 (S4 §2.6): what units promised in their replies and still owe, soonest first, the overdue
 * and the nearly due marked; kept ones on their own tab. The lead unit's handler reports one kept
 * here or on the case page (承诺兑现); the centre follows them up.
 */
import { useMemo, useState } from 'react';
import { Alert, Button, Input, Modal, Segmented, Space, Table, Tag, Typography, message } from 'antd';
import { Link } from 'react-router-dom';
import { ApiError, get, post } from '../shared/api';
import { useT } from '../shared/i18n';
import { useAsync } from '../shared/useAsync';
import { TAG, fmtTime } from '../shared/format';
import { PageTitle, errorText } from '../shared/ui';
import { shanghaiDate } from '../../core/calendar';
import type { PromiseItem } from '../shared/types';

type Filter = 'due_soon' | 'overdue' | 'open' | 'kept';

/** The server's "due soon": open and due within 3 days (Shanghai dates). */
function dueSoon(p: PromiseItem, today: string, soon: string): boolean {
  return !p.doneAt && !!p.dueDate && p.dueDate >= today && p.dueDate <= soon;
}

export function PromisesPage({ canKeep }: { canKeep: boolean }) {
  const t = useT();
  const [chosen, setFilter] = useState<Filter>();
  const [keeping, setKeeping] = useState<PromiseItem | null>(null);
  const open = useAsync(() => get<PromiseItem[]>('/api/promises?status=open&limit=500'), []);
  const kept = useAsync(() => get<PromiseItem[]>('/api/promises?status=kept&limit=200'), []);
  const reload = () => (open.reload(), kept.reload());
  const today = shanghaiDate(new Date());
  const soon = shanghaiDate(new Date(Date.now() + 3 * 86_400_000));
  const lists = useMemo(() => {
    const o = open.data ?? [];
    return { due_soon: o.filter((p) => dueSoon(p, today, soon)), overdue: o.filter((p) => p.overdue), open: o, kept: kept.data ?? [] };
  }, [open.data, kept.data, today, soon]);
  const filter: Filter = chosen ?? (['overdue', 'due_soon'] as Filter[]).find((f) => lists[f].length > 0) ?? 'open';
  const label = (zh: string, en: string, f: Filter) => `${t(zh, en)} (${lists[f].length})`;

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <PageTitle extra={<Button onClick={reload}>{t('刷新', 'Refresh')}</Button>}>{t('承诺事项', 'Promises')}</PageTitle>
      <Segmented<Filter>
        value={filter}
        onChange={setFilter}
        aria-label={t('按状态筛选', 'Filter by status')}
        options={[
          { value: 'overdue', label: label('已超期', 'Overdue', 'overdue') },
          { value: 'due_soon', label: label('3 天内到期', 'Due in 3 days', 'due_soon') },
          { value: 'open', label: label('全部未兑现', 'All open', 'open') },
          { value: 'kept', label: label('已兑现', 'Kept', 'kept') },
        ]}
      />
      {open.error && <Alert type="error" title={open.error.message} showIcon />}
      {kept.error && <Alert type="error" title={kept.error.message} showIcon />}
      <Table<PromiseItem>
        rowKey="id"
        size="small"
        loading={filter === 'kept' ? kept.loading : open.loading}
        dataSource={lists[filter]}
        pagination={{ pageSize: 20, showSizeChanger: false }}
        locale={{ emptyText: t('没有承诺事项', 'No promise') }}
        onRow={(p) => ({ style: p.overdue ? { background: '#fff1f0' } : dueSoon(p, today, soon) ? { background: '#fffbeb' } : undefined })}
        columns={[
          {
            title: t('承诺事项', 'Promise'),
            dataIndex: 'what',
            render: (v: string) => <span style={{ whiteSpace: 'pre-wrap' }}>{v}</span>,
          },
          {
            title: t('承诺完成日期', 'Due'),
            dataIndex: 'dueDate',
            width: 170,
            render: (v: string | null, p) => (
              <Space size={4} wrap>
                <span>{v ?? t('未定', 'not set')}</span>
                {p.overdue && <Tag color={TAG.red}>{t('超期', 'Overdue')}</Tag>}
                {!p.overdue && dueSoon(p, today, soon) && <Tag color={TAG.amber}>{t('临期', 'Due soon')}</Tag>}
              </Space>
            ),
          },
          { title: t('诉求编号', 'Case'), dataIndex: 'caseNo', width: 150, render: (v: string, p) => <Link to={`/cases/${p.caseId}`}>{v}</Link> },
          { title: t('诉求标题', 'Title'), dataIndex: 'caseTitle', ellipsis: true },
          { title: t('承办单位', 'Unit'), dataIndex: 'unit', width: 170, ellipsis: true },
          {
            title: filter === 'kept' ? t('兑现情况', 'How it was kept') : t('登记时间', 'Promised'),
            key: 'when',
            width: 220,
            render: (_: unknown, p) => (p.doneAt ? `${fmtTime(p.doneAt)} ${p.doneNote ?? ''}` : fmtTime(p.createdAt)),
          },
          ...(canKeep && filter !== 'kept'
            ? [
                {
                  title: t('操作', 'Actions'),
                  key: 'keep',
                  width: 110,
                  render: (_: unknown, p: PromiseItem) => (
                    <Button size="small" onClick={() => setKeeping(p)} aria-label={t(`登记兑现：${p.what}`, `Report kept: ${p.what}`)}>
                      {t('登记兑现', 'Report kept')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      {keeping && <KeepModal p={keeping} onClose={() => setKeeping(null)} onDone={() => (setKeeping(null), reload())} />}
    </Space>
  );
}

/** 承诺兑现: the case step, sent with the case's version as the list gave it. */
function KeepModal({ p, onClose, onDone }: { p: PromiseItem; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  async function submit() {
    if (!note.trim()) return setError(t('请填写兑现情况', 'Say how it was kept'));
    setBusy(true);
    setError(undefined);
    try {
      await post(`/api/cases/${p.caseId}/keep-promise`, { version: p.caseVersion, promiseId: p.id, note: note.trim() });
      message.success(t('已登记兑现', 'Reported kept'));
      onDone();
    } catch (e) {
      setError(e instanceof ApiError && e.code === 'case.stale_version' ? t('诉求已有变化，请刷新后重试', 'The case changed; refresh and try again') : errorText(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Modal open title={t('登记承诺兑现', 'Report a promise kept')} onCancel={onClose} onOk={() => void submit()} confirmLoading={busy} okText={t('提交', 'Submit')} cancelText={t('取消', 'Cancel')} destroyOnHidden>
      <Typography.Paragraph>
        <strong>{p.what}</strong>
        <br />
        <span style={{ color: '#595959' }}>
          {p.caseNo} {p.caseTitle}
        </span>
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} />}
      <label htmlFor="promise-note">{t('兑现情况', 'How it was kept')}</label>
      <Input.TextArea id="promise-note" rows={3} maxLength={1000} value={note} onChange={(e) => setNote(e.target.value)} />
    </Modal>
  );
}
