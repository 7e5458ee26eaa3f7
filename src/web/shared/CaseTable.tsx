/** A list of cases with the columns every queue needs; rows open the case page. */
import { Table, Tag } from 'antd';
import { Link } from 'react-router-dom';
import type { CaseView } from './types';
import { Countdown, TAG, channelLabel, fmtTime, kindLabel, urgencyLabel } from './format';
import { useLang } from './i18n';

export function CaseTable({ cases, loading, extra }: { cases: CaseView[]; loading?: boolean; extra?: { title: string; render: (c: CaseView) => React.ReactNode }[] }) {
  const { lang, t } = useLang();
  return (
    <Table<CaseView>
      rowKey="id"
      size="small"
      loading={loading}
      dataSource={cases}
      pagination={{ pageSize: 20, showSizeChanger: false }}
      columns={[
        { title: t('编号', 'No.'), dataIndex: 'caseNo', width: 150, render: (v: string, c) => <Link to={`/cases/${c.id}`}>{v}</Link> },
        {
          title: t('标题', 'Title'),
          dataIndex: 'title',
          ellipsis: true,
          render: (v: string, c) => (
            <>
              {c.urgency !== 'normal' && <Tag color={c.urgency.includes('emergency') ? TAG.red : TAG.orange}>{urgencyLabel(c.urgency, lang)}</Tag>}
              {c.supervised && <Tag color={TAG.purple}>{t('督办', 'Supervised')}</Tag>}
              {v}
            </>
          ),
        },
        { title: t('类型', 'Kind'), dataIndex: 'kind', width: 80, render: (v: CaseView['kind']) => kindLabel(v, lang) },
        { title: t('渠道', 'Channel'), dataIndex: 'channel', width: 110, render: (v: CaseView['channel']) => channelLabel(v, lang) },
        { title: t('状态', 'State'), dataIndex: 'stateLabel', width: 110 },
        { title: t('主办单位', 'Lead unit'), dataIndex: ['leadUnit', 'name'], width: 180, ellipsis: true },
        { title: t('期限', 'Deadline'), dataIndex: 'dueAt', width: 150, render: (_: unknown, c) => <Countdown dueAt={c.dueAt} status={c.deadlineStatus} lang={lang} /> },
        { title: t('登记时间', 'Registered'), dataIndex: 'createdAt', width: 140, render: (v: string) => fmtTime(v) },
        ...(extra ?? []).map((e) => ({ title: e.title, key: e.title, render: (_: unknown, c: CaseView) => e.render(c) })),
      ]}
    />
  );
}
