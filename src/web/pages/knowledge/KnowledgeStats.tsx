/**
 * 资料库统计 (GET /api/knowledge/stats): the articles by type and status as a stacked bar, and the
 * ten most used (answers given on the spot with each) as a bar and a table. Loaded with ECharts lazily.
 */
import { useMemo } from 'react';
import { Alert, Col, Row, Spin, Statistic, Table } from 'antd';
import { ARTICLE_STATUSES, ARTICLE_STATUS_LABELS, KNOWLEDGE_TYPES, KNOWLEDGE_TYPE_LABELS, type KnowledgeType } from '../../../core/knowledge';
import { get } from '../../shared/api';
import { useAsync } from '../../shared/useAsync';
import { useLang } from '../../shared/i18n';
import { Panel } from '../../shared/ui';
import { Chart, type ChartOption } from '../../shared/Chart';
import type { KnowledgeStats as Stats } from '../../shared/knowledge';

const STATUS_COLORS = ['#7f8c8d', '#e69f00', '#009e73', '#c0392b'];

export function KnowledgeStats({ onOpen }: { onOpen: (id: string) => void }) {
  const { lang, t } = useLang();
  const { data, error, loading } = useAsync(() => get<Stats>('/api/knowledge/stats'), []);

  const byTypeStatus = useMemo<ChartOption | null>(() => {
    if (!data) return null;
    const count = (type: KnowledgeType, status: string) => data.counts.find((c) => c.type === type && c.status === status)?.count ?? 0;
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 36, bottom: 24 },
      xAxis: { type: 'category', data: KNOWLEDGE_TYPES.map((k) => KNOWLEDGE_TYPE_LABELS[k][lang]) },
      yAxis: { type: 'value', minInterval: 1 },
      series: ARTICLE_STATUSES.map((s, i) => ({ type: 'bar', stack: 'status', name: ARTICLE_STATUS_LABELS[s][lang], color: STATUS_COLORS[i], data: KNOWLEDGE_TYPES.map((k) => count(k, s)) })),
    };
  }, [data, lang]);

  const mostUsed = useMemo<ChartOption | null>(() => {
    if (!data) return null;
    const rows = [...data.mostUsed].reverse();
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 8, right: 24, top: 8, bottom: 24, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: rows.map((r) => (r.title.length > 16 ? `${r.title.slice(0, 16)}…` : r.title)) },
      series: [{ type: 'bar', name: t('使用次数', 'Uses'), barMaxWidth: 24, data: rows.map((r) => r.useCount), label: { show: true, position: 'right' } }],
    };
  }, [data, t]);

  if (error) return <Alert type="error" showIcon title={error.message} />;
  if (!data) return loading ? <Spin /> : null;
  return (
    <Row gutter={[12, 12]} data-testid="knowledge-stats">
      <Col xs={12} md={6}>
        <Statistic title={t('资料总数', 'Articles')} value={data.total} />
      </Col>
      <Col xs={12} md={6}>
        <Statistic title={t('已发布', 'Published')} value={data.byStatus.published} />
      </Col>
      <Col xs={12} md={6}>
        <Statistic title={t('待审核', 'Under review')} value={data.byStatus.review} />
      </Col>
      <Col xs={12} md={6}>
        <Statistic title={t('引用答复次数', 'Answers given with an article')} value={data.uses} />
      </Col>
      <Col xs={24} lg={10}>
        <Panel title={t('按类型和状态', 'By type and status')}>{byTypeStatus && <Chart option={byTypeStatus} label={t('资料数量按类型和状态的堆叠柱状图', 'Articles by type and status, stacked bars')} />}</Panel>
      </Col>
      <Col xs={24} lg={14}>
        <Panel title={t('最常用的资料', 'Most used')}>
          {data.mostUsed.length === 0 ? (
            <Alert type="info" showIcon title={t('还没有资料被用于当即答复', 'No article has been used to answer yet')} />
          ) : (
            mostUsed && <Chart option={mostUsed} label={t('使用次数最多的十条资料', 'The ten most used articles')} height={Math.max(160, data.mostUsed.length * 28 + 40)} />
          )}
        </Panel>
      </Col>
      {data.mostUsed.length > 0 && (
        <Col span={24}>
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={data.mostUsed}
            columns={[
              {
                title: t('标题', 'Title'),
                dataIndex: 'title',
                render: (v: string, r) => (
                  <a
                    href={`#${r.id}`}
                    onClick={(e) => {
                      e.preventDefault();
                      onOpen(r.id);
                    }}
                  >
                    {v}
                  </a>
                ),
              },
              { title: t('类型', 'Type'), dataIndex: 'type', width: 110, render: (v: KnowledgeType) => KNOWLEDGE_TYPE_LABELS[v][lang] },
              { title: t('状态', 'Status'), dataIndex: 'status', width: 90, render: (v: (typeof ARTICLE_STATUSES)[number]) => ARTICLE_STATUS_LABELS[v][lang] },
              { title: t('所属单位', 'Unit'), dataIndex: 'unitName', ellipsis: true },
              { title: t('使用次数', 'Uses'), dataIndex: 'useCount', width: 90, align: 'right' },
            ]}
          />
        </Col>
      )}
    </Row>
  );
}
