/** Find cases by text, state and channel. */
import { useState } from 'react';
import { Alert, Input, Select, Space, Typography } from 'antd';
import { get, qs } from '../shared/api';
import { useAsync } from '../shared/useAsync';
import { useLang } from '../shared/i18n';
import { CaseTable } from '../shared/CaseTable';
import { CASE_STATES, CASE_STATE_LABELS } from '../../core/case-lifecycle';
import type { CaseList } from '../shared/types';

export function CaseSearch() {
  const { lang, t } = useLang();
  const [q, setQ] = useState('');
  const [state, setState] = useState<string>();
  const { data, error, loading } = useAsync(() => get<CaseList>(`/api/cases${qs({ q, state, limit: 200 })}`), [q, state]);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 20, margin: 0 }}>
        {t('诉求查询', 'Find cases')}
      </Typography.Title>
      <Space>
        <Input.Search placeholder={t('标题、内容、地址或编号', 'Title, text, address or number')} allowClear onSearch={setQ} style={{ width: 360 }} aria-label={t('搜索诉求', 'Search cases')} />
        <Select allowClear placeholder={t('状态', 'State')} style={{ width: 160 }} value={state} onChange={setState} options={CASE_STATES.map((s) => ({ value: s, label: CASE_STATE_LABELS[s][lang] }))} aria-label={t('状态', 'State')} />
      </Space>
      {error && <Alert type="error" title={error.message} showIcon />}
      <CaseTable cases={data?.items ?? []} loading={loading} />
    </Space>
  );
}
