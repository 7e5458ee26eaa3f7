/** 区域: the districts' and streets' boundaries (GeoJSON) that place a case in its territory (属地). */
import { useState } from 'react';
import { Alert, Space, Table, Tag } from 'antd';
import { api, get } from '../shared/api';
import { useAsync } from '../shared/useAsync';
import { useLang } from '../shared/i18n';
import { fmtTime } from '../shared/format';
import { AdminPage, FileButton, useRun } from './ui';
import { unitTypeLabel } from './labels';

interface Feature {
  type: 'Feature';
  properties: { unitCode: string; level: string; name: string; aliases: string[]; updatedAt: string };
  geometry: { type: string; coordinates: unknown[] } | null;
}
interface Collection {
  type: 'FeatureCollection';
  features: Feature[];
}

export function RegionsPage() {
  const { lang, t } = useLang();
  const run = useRun();
  const { data, error, loading, reload } = useAsync(() => get<Collection>('/api/regions'), []);
  const [busy, setBusy] = useState(false);
  const [parseError, setParseError] = useState<string>();

  const upload = async (file: File) => {
    setParseError(undefined);
    let json: unknown;
    try {
      json = JSON.parse(await file.text());
    } catch (e) {
      setParseError(t(`不是有效的 JSON：${(e as Error).message}`, `Not valid JSON: ${(e as Error).message}`));
      return;
    }
    setBusy(true);
    const ok = await run(() => api('PUT', '/api/regions', json), t('区域已保存', 'Regions saved'));
    setBusy(false);
    if (ok) reload();
  };

  const features = data?.features ?? [];
  return (
    <AdminPage
      zh="区域"
      en="Regions"
      actions={
        <Space>
          <a href="/api/regions" download="regions.geojson">
            {t('下载当前 GeoJSON', 'Download the current GeoJSON')}
          </a>
          <FileButton type="primary" label={t('上传 GeoJSON', 'Upload GeoJSON')} accept=".geojson,.json,application/geo+json,application/json" loading={busy} onFile={upload} />
        </Space>
      }
      intro={t(
        '上传 GeoJSON FeatureCollection：每个要素的 properties.unitCode 为区县或街道的单位编码，可带 name 和 aliases（别名，用于从地址文字判断属地）。坐标为 WGS84 经纬度。已有的区域按单位编码覆盖。',
        'Upload a GeoJSON FeatureCollection: each feature’s properties.unitCode is the code of a district or street unit, with an optional name and aliases (used to place an address written in words). Coordinates are WGS84 longitude/latitude. Existing regions are replaced by unit code.',
      )}
    >
      {parseError && <Alert type="error" title={parseError} showIcon />}
      {error && <Alert type="error" title={error.message} showIcon />}
      <Table<Feature>
        rowKey={(f) => f.properties.unitCode}
        size="small"
        loading={loading}
        dataSource={features}
        pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
        columns={[
          { title: t('名称', 'Name'), dataIndex: ['properties', 'name'] },
          { title: t('单位编码', 'Unit code'), dataIndex: ['properties', 'unitCode'], width: 200 },
          { title: t('级别', 'Level'), dataIndex: ['properties', 'level'], width: 110, render: (v: string) => unitTypeLabel(v, lang) },
          { title: t('别名', 'Aliases'), dataIndex: ['properties', 'aliases'], render: (v: string[]) => v.map((a) => <Tag key={a}>{a}</Tag>) },
          { title: t('几何', 'Geometry'), key: 'geometry', width: 120, render: (_: unknown, f) => f.geometry?.type ?? '—' },
          { title: t('更新时间', 'Updated'), dataIndex: ['properties', 'updatedAt'], width: 140, render: fmtTime },
        ]}
      />
    </AdminPage>
  );
}
