/**
 * 工作日历: which days count as working days for deadlines, month by month, where each answer comes
 * from (a local override, the State Council's schedule, or an estimate), and the local overrides.
 */
import { useMemo, useState } from 'react';
import { Alert, Button, Checkbox, Col, Form, Input, Modal, Popconfirm, Radio, Row, Space, Table, Tag, Typography } from 'antd';
import { api, get, qs } from '../shared/api';
import { useAsync } from '../shared/useAsync';
import { useLang } from '../shared/i18n';
import { fmtTime } from '../shared/format';
import { AdminPage, FileButton, Section, useRun, Pill } from './ui';

interface Status {
  year: number;
  coveredYears: number[];
  estimatedYears: number[];
  nextYearMissing: boolean;
}
type Source = 'override' | 'official' | 'estimated';
interface Day {
  date: string;
  workday: boolean;
  source: Source;
  note: string | null;
}
interface Override {
  date: string;
  workday: boolean;
  note: string | null;
  updatedAt: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
/** Today's date in Shanghai, whatever the browser's zone. */
const shanghaiToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
/** 2004、2005、2006 → 2004–2006: the covered years without a wall of numbers. */
function yearRanges(years: number[], sep: string): string {
  const out: string[] = [];
  for (let i = 0; i < years.length; ) {
    let j = i;
    while (j + 1 < years.length && years[j + 1] === years[j]! + 1) j++;
    out.push(j > i ? `${years[i]}–${years[j]}` : String(years[i]));
    i = j + 1;
  }
  return out.join(sep);
}
const monthDays = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

function shiftMonth(ym: string, by: number): string {
  const [y, m] = ym.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + by, 1));
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}`;
}

export function CalendarPage() {
  const { lang, t } = useLang();
  const run = useRun();
  const today = shanghaiToday();
  const [month, setMonth] = useState(today.slice(0, 7));
  const [y, m] = month.split('-').map(Number) as [number, number];
  const status = useAsync(() => get<Status>('/api/calendar/status'), []);
  const days = useAsync(() => get<Day[]>(`/api/calendar/days${qs({ from: `${month}-01`, to: `${month}-${pad(monthDays(y, m))}` })}`), [month]);
  const overrides = useAsync(() => get<Override[]>('/api/calendar/overrides'), []);
  const [editing, setEditing] = useState<Day | null>(null);
  const [form] = Form.useForm<{ workday: boolean; note?: string }>();
  const reload = () => {
    days.reload();
    overrides.reload();
    status.reload();
  };

  // weeks from Monday; blanks before the 1st and after the last day
  const weeks = useMemo(() => {
    const list = days.data ?? [];
    const lead = (new Date(`${month}-01T00:00:00Z`).getUTCDay() + 6) % 7;
    const cells: (Day | null)[] = [...Array(lead).fill(null), ...list];
    while (cells.length % 7) cells.push(null);
    const out: (Day | null)[][] = [];
    for (let i = 0; i < cells.length; i += 7) out.push(cells.slice(i, i + 7));
    return out;
  }, [days.data, month]);

  const sourceLabel = (s: Source) => ({ override: t('本地调整', 'local override'), official: t('国务院安排', 'official'), estimated: t('估算', 'estimated') })[s];
  const weekdays = lang === 'en' ? ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] : ['一', '二', '三', '四', '五', '六', '日'];

  const edit = (d: Day) => {
    setEditing(d);
    form.setFieldsValue({ workday: !d.workday, note: d.note ?? '' });
  };
  const save = async (v: { workday: boolean; note?: string }) => {
    if (!editing) return;
    if (await run(() => api('PUT', `/api/calendar/overrides/${editing.date}`, { workday: v.workday, ...(v.note ? { note: v.note } : {}) }))) {
      setEditing(null);
      reload();
    }
  };
  const remove = async (date: string) => {
    if (await run(() => api('DELETE', `/api/calendar/overrides/${date}`), t('已删除调整', 'Override removed'))) {
      setEditing(null);
      reload();
    }
  };

  const s = status.data;
  return (
    <AdminPage zh="工作日历" en="Working-day calendar" intro={t('期限按工作日计算。国务院每年公布放假安排；本地调整优先于官方安排。点击某一天可设为上班或休息。', 'Deadlines count working days. The State Council publishes each year’s holidays; a local override wins over it. Choose a day to make it a working day or a day off.')}>
      {s && s.estimatedYears.length > 0 && (
        <Alert
          type="warning"
          showIcon
          title={t(`${s.estimatedYears.join('、')} 年为估算`, `${s.estimatedYears.join(', ')}: estimated`)}
          description={t('这些年份没有官方放假安排，按周一至周五上班估算，节假日前后的期限可能不准。请导入当年的放假安排（CSV）。', 'No official schedule for these years: Monday to Friday are assumed to be working days, so deadlines around holidays may be wrong. Import the year’s schedule (CSV).')}
        />
      )}
      {s?.nextYearMissing && <Alert type="error" showIcon title={t(`尚未导入 ${s.year + 1} 年放假安排`, `${s.year + 1}’s schedule has not been imported`)} />}
      {s && (
        <Typography.Text type="secondary">
          {t(`有官方安排的年份：${yearRanges(s.coveredYears, '、') || '无'}`, `Years with an official schedule: ${yearRanges(s.coveredYears, ', ') || 'none'}`)}
        </Typography.Text>
      )}
      {status.error && <Alert type="error" title={status.error.message} showIcon />}

      <Row gutter={[24, 16]}>
        <Col xs={24} xl={14}>
          <Space>
            <Button onClick={() => setMonth(shiftMonth(month, -1))}>{t('上个月', 'Previous month')}</Button>
            <Typography.Title level={2} style={{ fontSize: 16, margin: 0, minWidth: 120, textAlign: 'center' }} aria-live="polite">
              {lang === 'en' ? month : `${y} 年 ${m} 月`}
            </Typography.Title>
            <Button onClick={() => setMonth(shiftMonth(month, 1))}>{t('下个月', 'Next month')}</Button>
            <Button onClick={() => setMonth(today.slice(0, 7))}>{t('本月', 'This month')}</Button>
          </Space>
          {days.error && <Alert type="error" title={days.error.message} showIcon />}
          <table style={{ borderCollapse: 'collapse', width: '100%', tableLayout: 'fixed', background: '#fff', marginTop: 8 }}>
            <caption style={{ captionSide: 'bottom', textAlign: 'start', paddingTop: 6, color: '#595959', fontSize: 12 }}>
              <Space wrap size={12}>
                <span>
                  <Swatch off={false} /> {t('工作日', 'Working day')}
                </span>
                <span>
                  <Swatch off /> {t('休息日', 'Day off')}
                </span>
                <span>
                  <Pill tone="purple">{t('调', 'O')}</Pill>
                  {t('本地调整', 'Local override')}
                </span>
                <span>
                  <Tag>{t('估', 'E')}</Tag>
                  {t('估算（无官方安排）', 'Estimated (no official schedule)')}
                </span>
              </Space>
            </caption>
            <thead>
              <tr>
                {weekdays.map((w) => (
                  <th key={w} scope="col" style={{ padding: 4, borderBottom: '1px solid #f0f0f0', fontWeight: 500 }}>
                    {w}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {weeks.map((week, i) => (
                <tr key={i}>
                  {week.map((d, j) => (
                    <td key={j} style={{ padding: 2, height: 58, verticalAlign: 'top' }}>
                      {d && (
                        <button
                          type="button"
                          onClick={() => edit(d)}
                          aria-label={`${d.date} ${d.workday ? t('工作日', 'working day') : t('休息日', 'day off')}（${sourceLabel(d.source)}${d.note ? `：${d.note}` : ''}）`}
                          style={{
                            width: '100%',
                            height: '100%',
                            textAlign: 'start',
                            cursor: 'pointer',
                            border: d.date === today ? '2px solid #c0392b' : d.source === 'estimated' ? '1px dashed #bfbfbf' : '1px solid #f0f0f0',
                            borderRadius: 4,
                            background: d.workday ? '#fff' : '#fdecea',
                            padding: '2px 4px',
                            font: 'inherit',
                          }}
                        >
                          <span style={{ fontWeight: 600, color: d.workday ? '#262626' : '#a8071a' }}>{Number(d.date.slice(8))}</span>{' '}
                          <span style={{ fontSize: 12, color: d.workday ? '#595959' : '#a8071a' }}>{d.workday ? t('班', 'work') : t('休', 'off')}</span>
                          {d.source === 'override' && <Pill tone="purple" style={{ marginInlineStart: 4, fontSize: 11, lineHeight: '16px', paddingInline: 3 }}>{t('调', 'O')}</Pill>}
                          {d.source === 'estimated' && <Tag style={{ marginInlineStart: 4, fontSize: 11, lineHeight: '16px', paddingInline: 3 }}>{t('估', 'E')}</Tag>}
                          {d.note && <div style={{ fontSize: 11, color: '#595959', overflow: 'hidden', whiteSpace: 'nowrap', textOverflow: 'ellipsis' }}>{d.note}</div>}
                        </button>
                      )}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </Col>
        <Col xs={24} xl={10} style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>

          <Modal
            open={editing !== null}
            title={editing ? t(`调整 ${editing.date}`, `Override ${editing.date}`) : ''}
            onCancel={() => setEditing(null)}
            forceRender
            footer={
              <Space>
                {editing?.source === 'override' && (
                  <Button danger onClick={() => editing && remove(editing.date)}>
                    {t('删除调整，恢复官方安排', 'Remove the override')}
                  </Button>
                )}
                <Button onClick={() => setEditing(null)}>{t('取消', 'Cancel')}</Button>
                <Button type="primary" onClick={() => form.submit()}>
                  {t('保存', 'Save')}
                </Button>
              </Space>
            }
          >
            {editing && (
              <Typography.Paragraph type="secondary">
                {t(`现为${editing.workday ? '工作日' : '休息日'}（${sourceLabel(editing.source)}）。`, `Now a ${editing.workday ? 'working day' : 'day off'} (${sourceLabel(editing.source)}).`)}
              </Typography.Paragraph>
            )}
            <Form form={form} name="override" layout="vertical" onFinish={save}>
              <Form.Item name="workday" label={t('这一天', 'This day is')} rules={[{ required: true }]}>
                <Radio.Group
                  options={[
                    { value: true, label: t('上班（工作日）', 'a working day') },
                    { value: false, label: t('休息', 'a day off') },
                  ]}
                />
              </Form.Item>
              <Form.Item name="note" label={t('说明', 'Note')}>
                <Input maxLength={200} placeholder={t('例：国庆调休', 'e.g. National Day swap')} />
              </Form.Item>
            </Form>
          </Modal>

          <Section>{t('本地调整', 'Local overrides')}</Section>
          {overrides.error && <Alert type="error" title={overrides.error.message} showIcon />}
          <Table<Override>
            rowKey="date"
            size="small"
            loading={overrides.loading}
            dataSource={[...(overrides.data ?? [])].reverse()}
            pagination={{ pageSize: 10, showSizeChanger: false, hideOnSinglePage: true }}
            columns={[
              { title: t('日期', 'Date'), dataIndex: 'date', width: 120, render: (v: string) => (
                  <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setMonth(v.slice(0, 7))} aria-label={t(`在月历中查看 ${v}`, `Show ${v} in the month view`)}>
                    {v}
                  </Button>
                ),
              },
              { title: t('安排', 'Is'), dataIndex: 'workday', width: 100, render: (v: boolean) => (v ? <Pill tone="blue">{t('上班', 'Working')}</Pill> : <Pill tone="red">{t('休息', 'Off')}</Pill>) },
              { title: t('说明', 'Note'), dataIndex: 'note', render: (v: string | null) => v ?? '' },
              { title: t('更新时间', 'Updated'), dataIndex: 'updatedAt', width: 140, render: fmtTime },
              {
                title: t('操作', 'Actions'),
                key: 'actions',
                width: 90,
                render: (_: unknown, o) => (
                  <Popconfirm title={t(`删除 ${o.date} 的调整？`, `Remove the override of ${o.date}?`)} okText={t('删除', 'Remove')} cancelText={t('取消', 'Cancel')} onConfirm={() => remove(o.date)}>
                    <Button size="small" danger aria-label={t(`删除 ${o.date} 的调整`, `Remove the override of ${o.date}`)}>
                      {t('删除', 'Remove')}
                    </Button>
                  </Popconfirm>
                ),
              },
            ]}
          />
          <CsvImport onDone={reload} />
        </Col>
      </Row>
    </AdminPage>
  );
}

function Swatch({ off }: { off: boolean }) {
  return <span aria-hidden style={{ display: 'inline-block', width: 12, height: 12, verticalAlign: -2, border: '1px solid #d9d9d9', background: off ? '#fdecea' : '#fff' }} />;
}

/** A year's schedule as CSV (date,workday,note), typed or pasted, or read from a file. */
function CsvImport({ onDone }: { onDone: () => void }) {
  const { t } = useLang();
  const run = useRun();
  const [csv, setCsv] = useState('');
  const [replace, setReplace] = useState(true);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ imported: number; years: number[] }>();
  return (
    <>
      <Section>{t('导入年度放假安排（CSV）', 'Import a year’s schedule (CSV)')}</Section>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('每行“日期,是否上班,说明”，如 2027-01-01,0,元旦 或 2027-02-07,1,春节调休（0/1、true/false、休息/上班均可）。', 'One day per line: “date,workday,note”, e.g. 2027-01-01,0,New Year or 2027-02-07,1,Spring Festival swap (0/1, true/false or 休息/上班).')}
      </Typography.Paragraph>
      <label htmlFor="calendar-csv" style={{ fontWeight: 500 }}>
        CSV
      </label>
      <Input.TextArea id="calendar-csv" rows={5} value={csv} onChange={(e) => setCsv(e.target.value)} placeholder={'2027-01-01,0,元旦\n2027-02-07,1,春节调休'} style={{ fontFamily: 'monospace' }} />
      <Space wrap>
        <FileButton label={t('从文件读取', 'Read from a file')} accept=".csv,.txt" onFile={async (f) => setCsv(await f.text())} />
        <Checkbox checked={replace} onChange={(e) => setReplace(e.target.checked)}>
          {t('先清除文件中各年份原有的调整', 'First remove the earlier overrides of the years in the file')}
        </Checkbox>
        <Button
          type="primary"
          disabled={!csv.trim()}
          loading={busy}
          onClick={async () => {
            setBusy(true);
            setResult(undefined);
            const ok = await run(async () => setResult(await api('POST', '/api/calendar/overrides/import', { csv, replaceYears: replace })), t('已导入', 'Imported'));
            setBusy(false);
            if (ok) {
              setCsv('');
              onDone();
            }
          }}
        >
          {t('导入', 'Import')}
        </Button>
      </Space>
      {result && <Alert type="success" showIcon closable onClose={() => setResult(undefined)} title={t(`已导入 ${result.imported} 天（${result.years.join('、')} 年）`, `${result.imported} days imported (${result.years.join(', ')})`)} />}
    </>
  );
}
