/** 派单目录: the dispatch catalogue, the units' lists of duties (权责清单) and the staff registry, each with import and export. */
import { useState } from 'react';
import { Alert, Button, Space, Table, Tabs, Tag } from 'antd';
import { api, get } from '../shared/api';
import { useAsync } from '../shared/useAsync';
import { useLang } from '../shared/i18n';
import { fmtTime } from '../shared/format';
import type { UnitRef } from '../shared/types';
import { AdminPage, DatasetIo, Filter, matches, useRun, Pill } from './ui';

interface CatalogueRow {
  id: string;
  categoryCode: string;
  categoryName: string | null;
  region: UnitRef | null;
  territorial: boolean;
  lead: UnitRef | null;
  coUnits: UnitRef[];
  note: string | null;
  updatedAt: string;
}
interface DutyRow {
  id: string;
  unit: UnitRef;
  item: string;
  categoryCode: string | null;
  categoryName: string | null;
  keywords: string[];
  basis: string | null;
}
interface StaffRow {
  id: string;
  unit: UnitRef;
  duty: string;
  dutyLabel: string;
  name: string;
  title: string | null;
  officePhone: string | null;
  mobile: string | null;
  updatedAt: string;
}

const PAGE = { pageSize: 20, showSizeChanger: false, hideOnSinglePage: true } as const;

function Catalogue() {
  const { t } = useLang();
  const run = useRun();
  const { data, error, loading, reload } = useAsync(() => get<CatalogueRow[]>('/api/org-io/catalogue'), []);
  const [q, setQ] = useState('');
  const [built, setBuilt] = useState<{ created: number; conflicts: { category: string; units: string[] }[] }>();
  const [building, setBuilding] = useState(false);
  const rows = (data ?? []).filter((r) => matches(q, r.categoryCode, r.categoryName, r.lead?.name, r.region?.name, ...r.coUnits.map((u) => u.name)));
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Space wrap>
        <DatasetIo dataset="catalogue" title={t('派单目录', 'catalogue')} onImported={reload} />
        <Button
          loading={building}
          onClick={async () => {
            setBuilding(true);
            if (await run(async () => setBuilt(await api('POST', '/api/org-io/catalogue/build-from-duties')), t('已由权责清单生成', 'Built from the duties'))) reload();
            setBuilding(false);
          }}
        >
          {t('由权责清单补全目录', 'Fill in from the duties')}
        </Button>
      </Space>
      {built && (
        <Alert
          type={built.conflicts.length ? 'warning' : 'success'}
          showIcon
          closable
          onClose={() => setBuilt(undefined)}
          title={t(`新增 ${built.created} 条目录`, `${built.created} rows added`)}
          description={
            built.conflicts.length > 0 && (
              <>
                {t('以下分类有多个单位认领，已按单位编码取第一个为主办、其余为协办，请核对：', 'Several units claim these categories; the first by unit code leads and the others co-handle. Please check:')}
                <ul style={{ margin: 0 }}>
                  {built.conflicts.map((c) => (
                    <li key={c.category}>
                      {c.category}：{c.units.join('、')}
                    </li>
                  ))}
                </ul>
              </>
            )
          }
        />
      )}
      <Filter label={t('按分类、区域或单位筛选', 'Filter by category, region or unit')} value={q} onChange={setQ} width={280} />
      {error && <Alert type="error" title={error.message} showIcon />}
      <Table<CatalogueRow>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={rows}
        pagination={PAGE}
        columns={[
          { title: t('分类', 'Category'), key: 'category', render: (_: unknown, r) => `${r.categoryName ?? ''}（${r.categoryCode}）` },
          { title: t('区域', 'Region'), dataIndex: ['region', 'name'], width: 130, render: (v: string | undefined) => v ?? t('全市', 'Anywhere') },
          { title: t('属地', 'Territorial'), dataIndex: 'territorial', width: 70, render: (v: boolean) => (v ? <Pill tone="blue">{t('属地', 'Yes')}</Pill> : '') },
          { title: t('主办单位', 'Lead unit'), dataIndex: ['lead', 'name'], width: 180, render: (v: string | undefined) => v ?? '—' },
          { title: t('协办单位', 'Co-units'), dataIndex: 'coUnits', render: (v: UnitRef[]) => v.map((u) => u.name).join('、') || '—' },
          { title: t('备注', 'Note'), dataIndex: 'note', ellipsis: true },
          { title: t('更新时间', 'Updated'), dataIndex: 'updatedAt', width: 140, render: fmtTime },
        ]}
      />
    </Space>
  );
}

function Duties() {
  const { t } = useLang();
  const { data, error, loading, reload } = useAsync(() => get<DutyRow[]>('/api/org-io/duties'), []);
  const [q, setQ] = useState('');
  const rows = (data ?? []).filter((r) => matches(q, r.unit.name, r.item, r.categoryCode, r.categoryName, ...r.keywords));
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <DatasetIo dataset="duties" title={t('权责清单', 'duties')} onImported={reload} />
      <Filter label={t('按单位、事项、分类或关键词筛选', 'Filter by unit, duty, category or keyword')} value={q} onChange={setQ} width={300} />
      {error && <Alert type="error" title={error.message} showIcon />}
      <Table<DutyRow>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={rows}
        pagination={PAGE}
        columns={[
          { title: t('单位', 'Unit'), dataIndex: ['unit', 'name'], width: 180 },
          { title: t('事项', 'Duty'), dataIndex: 'item' },
          { title: t('分类', 'Category'), key: 'category', width: 180, render: (_: unknown, r) => (r.categoryCode ? `${r.categoryName ?? ''}（${r.categoryCode}）` : '—') },
          { title: t('关键词', 'Keywords'), dataIndex: 'keywords', width: 220, render: (v: string[]) => v.map((k) => <Tag key={k}>{k}</Tag>) },
          { title: t('依据', 'Basis'), dataIndex: 'basis', ellipsis: true },
        ]}
      />
    </Space>
  );
}

function Staff() {
  const { t } = useLang();
  const { data, error, loading, reload } = useAsync(() => get<StaffRow[]>('/api/org-io/staff'), []);
  const [q, setQ] = useState('');
  const rows = (data ?? []).filter((r) => matches(q, r.unit.name, r.name, r.title, r.mobile, r.officePhone, r.dutyLabel));
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <DatasetIo dataset="staff" title={t('人员名录', 'staff registry')} onImported={reload} />
      <Filter label={t('按单位、姓名或电话筛选', 'Filter by unit, name or phone')} value={q} onChange={setQ} />
      {error && <Alert type="error" title={error.message} showIcon />}
      <Table<StaffRow>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={rows}
        pagination={PAGE}
        columns={[
          { title: t('单位', 'Unit'), dataIndex: ['unit', 'name'] },
          { title: t('职责', 'Duty'), dataIndex: 'dutyLabel', width: 120 },
          { title: t('姓名', 'Name'), dataIndex: 'name', width: 100 },
          { title: t('职务', 'Title'), dataIndex: 'title', width: 160, render: (v: string | null) => v ?? '—' },
          { title: t('办公电话', 'Office phone'), dataIndex: 'officePhone', width: 140, render: (v: string | null) => v ?? '—' },
          { title: t('手机', 'Mobile'), dataIndex: 'mobile', width: 130, render: (v: string | null) => v ?? '—' },
          { title: t('更新时间', 'Updated'), dataIndex: 'updatedAt', width: 140, render: fmtTime },
        ]}
      />
    </Space>
  );
}

export function CataloguePage() {
  const { t } = useLang();
  return (
    <AdminPage
      zh="派单目录"
      en="Dispatch catalogue"
      intro={t('派单目录按“分类 × 区域”给出主办与协办单位；权责清单是各单位的职责事项；人员名录是各单位的负责人与联络员。导入为全部成功或全部不写入。', 'The catalogue maps category × region to the lead and co-units; the duties are each unit’s responsibilities; the registry lists each unit’s principals and liaison. An import writes everything or nothing.')}
    >
      <Tabs
        items={[
          { key: 'catalogue', label: t('派单目录', 'Catalogue'), children: <Catalogue /> },
          { key: 'duties', label: t('权责清单', 'Duties'), children: <Duties /> },
          { key: 'staff', label: t('单位人员名录', 'Staff registry'), children: <Staff /> },
        ]}
      />
    </AdminPage>
  );
}
