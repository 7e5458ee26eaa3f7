/**
 * The pieces of a dispatch form: the units to hand a case to (the first leads, 首问负责制), the
 * optional limit, and the deadline it gives — by the time-limit policy, or by the chosen limit —
 * and whether the reply must prove an on-site check with photos.
 */
import { Checkbox, Form, Select, Tag, Typography } from 'antd';
import type { SelectProps } from 'antd';
import { get, post, qs } from '../shared/api';
import { useAsync } from '../shared/useAsync';
import { useLang } from '../shared/i18n';
import { fmtTime } from '../shared/format';
import { describeLimit, parseLimit } from '../../core/time-limits';
import type { Unit } from '../shared/types';
import { CO_COLOR, LEAD_COLOR } from '../operator/DeskTheme';

let unitsCache: Promise<Unit[]> | null = null;
function loadUnits(): Promise<Unit[]> {
  unitsCache ??= get<Unit[]>('/api/units').catch((e: unknown) => {
    unitsCache = null;
    throw e;
  });
  return unitsCache;
}

/** Units a case can be dispatched to: active, and neither the centre nor a government office. */
export function useDispatchUnits(): { units: Unit[]; options: { value: string; label: string }[]; loading: boolean; byRef: (ref: string | null | undefined) => Unit | undefined } {
  const { data, loading } = useAsync(loadUnits, []);
  const all = data ?? [];
  const units = all.filter((u) => u.active && u.type !== 'centre' && u.type !== 'government');
  return {
    units,
    options: units.map((u) => ({ value: u.code, label: u.name })),
    loading,
    byRef: (ref) => (ref ? all.find((u) => u.code === ref || u.id === ref) : undefined),
  };
}

/** Multi-select of units whose tags say which one leads (the first) and which co-handle. */
export function UnitsSelect({ value, onChange, options, loading, ...rest }: { value?: string[]; onChange?: (v: string[]) => void; options: { value: string; label: string }[]; loading?: boolean } & Pick<SelectProps, 'id' | 'aria-label' | 'autoFocus' | 'status'>) {
  const { t } = useLang();
  const list = value ?? [];
  return (
    <Select<string[]>
      {...rest}
      mode="multiple"
      value={list}
      onChange={(v) => onChange?.(v)}
      options={options}
      loading={loading}
      showSearch={{ optionFilterProp: 'label' }}
      placeholder={t('输入单位名称搜索，第一个为主办单位', 'Type to find units; the first leads')}
      tagRender={({ label, value: v, closable, onClose }) => {
        const lead = list.indexOf(v as string) === 0;
        return (
          <Tag color={lead ? LEAD_COLOR : CO_COLOR} closable={closable} onClose={onClose} style={{ marginInlineEnd: 4 }} onMouseDown={(e) => e.preventDefault()}>
            {lead ? t('主办', 'Lead') : t('协办', 'Co')}·{label}
          </Tag>
        );
      }}
    />
  );
}

/** 需现场核查 (S4 §2.2): the unit's reply must then carry site photos. */
export function SiteCheckField() {
  const { t } = useLang();
  return (
    <Form.Item name="siteCheck" valuePropName="checked" style={{ marginBottom: 8 }} extra={t('勾选后，承办单位反馈须附现场照片', 'The unit’s reply must then carry site photos')}>
      <Checkbox data-testid="site-check">{t('需现场核查', 'On-site check needed')}</Checkbox>
    </Form.Item>
  );
}

export const LIMITS = ['15m', '30m', '2h', '4h', 'sameday', '1wd', '2wd', '3wd', '5wd', '7wd', '10wd', '15wd'] as const;

export function limitOptions(lang: 'zh' | 'en') {
  return LIMITS.map((l) => ({ value: l, label: describeLimit(parseLimit(l), lang) }));
}

interface RulePreview {
  rule: { name: string } | null;
  limit: string;
  dueAt: string;
  maxExtension: string | null;
}

/** When the case would be due: POST /api/time-limit-rules/preview by the policy, GET /api/calendar/deadline for a chosen limit. */
export function DeadlinePreview({ kind, channel, urgency, category, stage, limit }: { kind: string; channel: string; urgency: string; category: string | null; stage?: 'first_dispatch' | 'redispatch'; limit?: string | null }) {
  const { lang, t } = useLang();
  const { data, error, loading } = useAsync(async () => {
    const from = new Date().toISOString();
    if (limit) {
      const d = await get<{ dueAt: string; description: string; estimated: boolean }>(`/api/calendar/deadline${qs({ from, limit })}`);
      return { dueAt: d.dueAt, limit, rule: null as string | null, estimated: d.estimated };
    }
    const body = { kind, channel, urgency, ...(category ? { category } : {}), ...(stage && kind !== 'consultation' ? { stage } : {}) };
    const p = await post<RulePreview>('/api/time-limit-rules/preview', body);
    return { dueAt: p.dueAt, limit: p.limit, rule: p.rule?.name ?? null, estimated: false };
  }, [kind, channel, urgency, category, stage, limit]);
  if (error) return <Typography.Text type="danger">{error.message}</Typography.Text>;
  if (!data) return <Typography.Text type="secondary">{loading ? t('计算期限…', 'Working out the deadline…') : '—'}</Typography.Text>;
  return (
    <Typography.Text data-testid="deadline-preview" data-due={data.dueAt}>
      {t('办理期限至', 'Due by')} <strong>{fmtTime(data.dueAt)}</strong>（{describeLimit(parseLimit(data.limit), lang)}
      {limit ? t('，人工指定', ', chosen') : data.rule ? `，${t('规则', 'rule')}：${data.rule}` : t('，默认时限', ', default limit')}
      {data.estimated ? t('，节假日安排为估算', ', holidays estimated') : ''}）
    </Typography.Text>
  );
}
