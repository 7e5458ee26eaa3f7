/** 个人信息查看记录: every time someone saw a citizen's personal data unmasked, and why. */
import { useState } from 'react';
import { Alert, Button, Input, Select, Space, Table, Tabs, Tag } from 'antd';
import { Link } from 'react-router-dom';
import { get, qs } from '../shared/api';
import { useAsync } from '../shared/useAsync';
import { useLang } from '../shared/i18n';
import { fmtTime } from '../shared/format';
import { AdminPage } from './ui';
import { AccessReport } from './PrivacyPage';

interface Entry {
  id: string;
  username: string;
  displayName: string;
  caseNo: string;
  fields: string[];
  purpose: string;
  ip: string | null;
  at: string;
}

export function AccessLogPage() {
  const { t } = useLang();
  const [user, setUser] = useState('');
  const [caseNo, setCaseNo] = useState('');
  const [limit, setLimit] = useState(100);
  const { data, error, loading, reload } = useAsync(() => get<Entry[]>(`/api/access-log${qs({ user: user.trim(), case: caseNo.trim(), limit })}`), [user, caseNo, limit]);
  const fieldLabel: Record<string, string> = { name: t('姓名', 'Name'), phone: t('电话', 'Phone'), idNumber: t('身份证号', 'ID number'), address: t('住址', 'Address') };
  const log = (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Space wrap>
        <Input.Search allowClear aria-label={t('用户名', 'Username')} placeholder={t('用户名', 'Username')} style={{ width: 200 }} onSearch={setUser} />
        <Input.Search allowClear aria-label={t('诉求编号', 'Case number')} placeholder={t('诉求编号', 'Case number')} style={{ width: 220 }} onSearch={setCaseNo} />
        <Select
          aria-label={t('条数', 'How many')}
          value={limit}
          onChange={setLimit}
          style={{ width: 130 }}
          options={[100, 200, 500].map((n) => ({ value: n, label: t(`最近 ${n} 条`, `Latest ${n}`) }))}
        />
      </Space>
      {error && <Alert type="error" title={error.message} showIcon />}
      <Table<Entry>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={data ?? []}
        pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
        columns={[
          { title: t('时间', 'When'), dataIndex: 'at', width: 140, render: fmtTime },
          { title: t('查看人', 'Who'), key: 'user', width: 200, render: (_: unknown, e) => `${e.displayName}（${e.username}）` },
          { title: t('诉求', 'Case'), dataIndex: 'caseNo', width: 150, render: (v: string) => <Link to={`/cases/${v}`}>{v}</Link> },
          { title: t('字段', 'Fields'), dataIndex: 'fields', width: 240, render: (v: string[]) => v.map((f) => <Tag key={f}>{fieldLabel[f] ?? f}</Tag>) },
          { title: t('用途', 'Purpose'), dataIndex: 'purpose', ellipsis: true },
          { title: t('IP', 'IP'), dataIndex: 'ip', width: 130, render: (v: string | null) => v ?? '—' },
        ]}
      />
    </Space>
  );
  return (
    <AdminPage
      zh="个人信息查看记录"
      en="Personal data access log"
      actions={<Button onClick={reload}>{t('刷新', 'Refresh')}</Button>}
      intro={t('每次查看未脱敏的群众个人信息（姓名、电话、身份证号、住址）都会记录查看人、诉求、用途和来源地址。', 'Every view of a citizen’s unmasked personal data (name, phone, ID number, address) is recorded with who, which case, the purpose and the address it came from.')}
    >
      <Tabs
        items={[
          { key: 'log', label: t('查看记录', 'Views'), children: log },
          { key: 'report', label: t('按人员统计', 'Per user'), children: <AccessReport /> },
        ]}
      />
    </AdminPage>
  );
}

