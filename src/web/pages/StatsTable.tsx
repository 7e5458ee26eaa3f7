/**
 * The statistics table: every counter and rate of docs/metrics.md for each row of a breakdown,
 * sortable, with the period's total as the last row, and its export as CSV (opens in Excel).
 */
import { Button, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { DownloadOutlined } from '@ant-design/icons';
import { useLang, type Lang } from '../shared/i18n';
import { COUNTERS, RATE_KEYS, RateHeader, counterLabel, pct, rateLabel, type StatsRow } from '../shared/metrics';

/** The counters shown as columns, in docs/metrics.md's order. */
const COLUMNS = COUNTERS;

/** The rates a unit is assessed on, coloured below 80 % and 90 %; the others are plain figures. */
const ASSESSED = new Set(['onTimeRate', 'satisfactionRate', 'responseRate', 'resolutionRate']);
function rateColor(r: number | null): string | undefined {
  return r === null ? undefined : r < 0.8 ? '#b91c1c' : r < 0.9 ? '#874d00' : '#237804';
}

export function StatsTable({ rows, total, nameTitle, loading }: { rows: StatsRow[]; total: StatsRow | null; nameTitle: string; loading: boolean }) {
  const { lang, t } = useLang();
  const columns: ColumnsType<StatsRow> = [
    { title: nameTitle, dataIndex: 'label', key: 'label', fixed: 'left', width: 200, ellipsis: true, sorter: (a, b) => a.label.localeCompare(b.label, 'zh') },
    {
      title: t('比率', 'Rates'),
      key: 'rates',
      children: RATE_KEYS.map((r) => ({
        title: <RateHeader rate={r} />,
        key: r,
        width: r === 'firstContactRate' || r === 'reworkRate' ? 128 : 112,
        align: 'right' as const,
        sorter: (a: StatsRow, b: StatsRow) => (a.rates[r] ?? -1) - (b.rates[r] ?? -1),
        render: (_: unknown, row: StatsRow) => <span style={{ color: ASSESSED.has(r) ? rateColor(row.rates[r]) : undefined }}>{pct(row.rates[r])}</span>,
      })),
    },
    {
      title: t('计数（件）', 'Counts'),
      key: 'counters',
      children: COLUMNS.map((c) => ({
        title: counterLabel(c, lang),
        key: c,
        width: c.length > 12 || lang === 'en' ? 112 : 88,
        align: 'right' as const,
        sorter: (a: StatsRow, b: StatsRow) => a.counters[c] - b.counters[c],
        defaultSortOrder: c === 'received' ? ('descend' as const) : undefined,
        render: (_: unknown, row: StatsRow) => row.counters[c],
      })),
    },
  ];
  return (
    <Table<StatsRow>
      size="small"
      rowKey="key"
      loading={loading}
      dataSource={rows}
      columns={columns}
      bordered
      scroll={{ x: 'max-content' }}
      pagination={rows.length > 20 ? { defaultPageSize: 20, pageSizeOptions: [20, 50, 100], showSizeChanger: true } : false}
      summary={() =>
        total && rows.length > 0 ? (
          <Table.Summary fixed="bottom">
            <Table.Summary.Row style={{ fontWeight: 600, background: '#fafafa' }}>
              <Table.Summary.Cell index={0}>{t('合计', 'Total')}</Table.Summary.Cell>
              {RATE_KEYS.map((r, i) => (
                <Table.Summary.Cell key={r} index={1 + i} align="right">
                  {pct(total.rates[r])}
                </Table.Summary.Cell>
              ))}
              {COLUMNS.map((c, i) => (
                <Table.Summary.Cell key={c} index={1 + RATE_KEYS.length + i} align="right">
                  {total.counters[c]}
                </Table.Summary.Cell>
              ))}
            </Table.Summary.Row>
          </Table.Summary>
        ) : null
      }
    />
  );
}

/** A CSV of the rows and the total, with a byte-order mark so Excel reads the Chinese. */
export function statsCsv(rows: StatsRow[], total: StatsRow | null, nameTitle: string, lang: Lang): string {
  const cell = (v: string | number) => {
    const s = String(v);
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const head = [nameTitle, ...RATE_KEYS.map((r) => rateLabel(r, lang)), ...COLUMNS.map((c) => counterLabel(c, lang))];
  const line = (r: StatsRow) => [r.label, ...RATE_KEYS.map((k) => pct(r.rates[k]).replace('—', '')), ...COLUMNS.map((c) => r.counters[c])];
  const lines = [head, ...rows.map(line), ...(total ? [line({ ...total, label: lang === 'en' ? 'Total' : '合计' })] : [])];
  return `\uFEFF${lines.map((l) => l.map(cell).join(',')).join('\r\n')}\r\n`;
}

export function downloadText(text: string, fileName: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function ExportCsvButton({ onClick, disabled }: { onClick: () => void; disabled?: boolean }) {
  const { t } = useLang();
  return (
    <Button size="small" icon={<DownloadOutlined />} onClick={onClick} disabled={disabled}>
      {t('导出表格（CSV，可用 Excel 打开）', 'Export (CSV for Excel)')}
    </Button>
  );
}
