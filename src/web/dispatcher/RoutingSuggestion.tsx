/**
 * What routing suggests for a case (POST /api/routing/suggest): the rules' proposal with its reason
 * and the words that decided it, then the top categories and units with confidence and their terms.
 * Used beside the operator's form (to fill the category) and in the dispatcher's workspace (to fill units).
 */
import { Alert, Button, Flex, Spin, Tag, Tooltip, Typography } from 'antd';
import type { RouteReason } from '../../core/routing/route-case';
import { fmtTime } from '../shared/format';
import { useLang } from '../shared/i18n';
import type { UnitRef } from '../shared/types';
import { CO_COLOR, LEAD_COLOR } from '../operator/DeskTheme';

export interface Scored {
  code: string;
  id?: string;
  name: string;
  confidence: number;
  terms: { term: string; weight: number }[];
}

export interface Suggestion {
  region: (UnitRef & { by: string }) | null;
  rule: { reason: RouteReason; categoryCode: string | null; lead: UnitRef | null; co: UnitRef[]; matched: string[] };
  categories: Scored[];
  units: Scored[];
  modelTrainedAt: string | null;
}

/** The body of POST /api/routing/suggest from what a case or the form has. */
export interface SuggestInput {
  title: string;
  content: string;
  kind?: string;
  categoryCode?: string;
  address?: string;
}

const REASONS: Record<RouteReason, { zh: string; en: string; color: string }> = {
  discipline: { zh: '举报涉及公职人员，按规定转纪检监察机关', en: 'A tip-off about officials: discipline inspection', color: '#531dab' },
  political_legal: { zh: '涉法涉诉，按规定转政法机关', en: 'Involves litigation: the political-legal organs', color: '#531dab' },
  catalogue: { zh: '派单目录：由该分类的主管部门办理', en: 'Dispatch catalogue: the competent department', color: '#0958d9' },
  catalogue_territorial: { zh: '派单目录：属地管理，由所在地办理', en: 'Dispatch catalogue: the territory handles it', color: '#006d75' },
  none: { zh: '派单目录无对应规则，请人工选择', en: 'No catalogue rule applies: choose by hand', color: '#595959' },
};

const pct = (x: number) => `${Math.round(x * 100)}%`;

export function RoutingSuggestion({
  data,
  loading,
  error,
  onPickCategory,
  onPickUnit,
  onUseProposal,
  categoryName,
}: {
  data: Suggestion | undefined;
  loading: boolean;
  error?: Error;
  onPickCategory?: (code: string) => void;
  onPickUnit?: (unit: UnitRef) => void;
  onUseProposal?: (units: UnitRef[]) => void;
  categoryName?: (code: string) => string;
}) {
  const { t } = useLang();
  if (error) return <Alert type="warning" showIcon title={t('暂时无法获取建议', 'No suggestion right now')} description={error.message} />;
  if (!data) return loading ? <Spin size="small" /> : <Typography.Text type="secondary">{t('输入标题和内容后显示建议', 'Suggestions appear as you type the title and content')}</Typography.Text>;
  const reason = REASONS[data.rule.reason] ?? REASONS.none;
  const proposal = data.rule.lead ? [data.rule.lead, ...data.rule.co] : [];
  return (
    <Spin spinning={loading} size="small">
      <Flex vertical gap={8} data-testid="routing-suggestion">
        <section aria-label={t('规则建议', 'Rule proposal')}>
          <Flex gap={4} wrap align="center">
            <Typography.Text strong>{t('规则建议', 'Rule')}</Typography.Text>
            <Tag color={reason.color} data-reason={data.rule.reason}>
              {t(reason.zh, reason.en)}
            </Tag>
          </Flex>
          {data.rule.matched.length > 0 && (
            <div>
              <Typography.Text type="secondary">{t('命中词：', 'Matched words: ')}</Typography.Text>
              {data.rule.matched.map((w) => (
                <Tag key={w} color="red">
                  {w}
                </Tag>
              ))}
            </div>
          )}
          {proposal.length > 0 && (
            <Flex gap={4} wrap align="center" style={{ marginTop: 4 }}>
              {proposal.map((u, i) => (
                <Tag key={u.id} color={i === 0 ? LEAD_COLOR : CO_COLOR}>
                  {i === 0 ? t('主办：', 'Lead: ') : t('协办：', 'Co: ')}
                  {u.name}
                </Tag>
              ))}
              {onUseProposal && (
                <Button size="small" type="primary" ghost onClick={() => onUseProposal(proposal)}>
                  {t('采用建议', 'Use this')}
                </Button>
              )}
            </Flex>
          )}
          {(data.region || data.rule.categoryCode) && (
            <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', marginTop: 2 }}>
              {data.region && `${t('属地', 'Territory')}：${data.region.name}（${data.region.by === 'location' ? t('按坐标', 'by coordinates') : t('按地址', 'by address')}）`}
              {data.region && data.rule.categoryCode ? ' · ' : ''}
              {data.rule.categoryCode && `${t('按分类', 'Category')}：${categoryName ? categoryName(data.rule.categoryCode) : data.rule.categoryCode}`}
            </Typography.Text>
          )}
        </section>
        <Scores title={t('分类建议', 'Categories')} items={data.categories} onPick={onPickCategory ? (s) => onPickCategory(s.code) : undefined} pickLabel={t('选用分类', 'Use category')} t={t} />
        <Scores title={t('承办单位建议', 'Units')} items={data.units} onPick={onPickUnit ? (s) => s.id && onPickUnit({ id: s.id, code: s.code, name: s.name }) : undefined} pickLabel={t('加入承办单位', 'Add unit')} t={t} />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {data.modelTrainedAt ? `${t('模型训练于', 'Model trained')} ${fmtTime(data.modelTrainedAt)}` : t('模型尚未训练，按分类词典建议', 'Model not trained yet: suggestions from the category lexicon')}
        </Typography.Text>
      </Flex>
    </Spin>
  );
}

function Scores({ title, items, onPick, pickLabel, t }: { title: string; items: Scored[]; onPick?: (s: Scored) => void; pickLabel: string; t: (zh: string, en: string) => string }) {
  if (items.length === 0) return null;
  return (
    <section aria-label={title}>
      <Typography.Text strong>{title}</Typography.Text>
      <ol style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        {items.map((s, i) => (
          <li key={s.code} style={{ padding: '3px 0' }}>
            <Flex gap={6} align="center">
              {onPick ? (
                <Tooltip title={pickLabel}>
                  <Button size="small" type={i === 0 ? 'primary' : 'default'} onClick={() => onPick(s)} data-suggest-code={s.code} style={{ maxWidth: 220 }}>
                    <span style={{ overflow: 'hidden', textOverflow: 'ellipsis' }}>{s.name}</span>
                  </Button>
                </Tooltip>
              ) : (
                <Typography.Text>{s.name}</Typography.Text>
              )}
              <Typography.Text type="secondary" aria-label={t('置信度', 'confidence')}>
                {pct(s.confidence)}
              </Typography.Text>
            </Flex>
            {s.terms.length > 0 && (
              <div style={{ fontSize: 12, color: '#595959' }}>
                {t('依据词：', 'Words: ')}
                {s.terms
                  .slice(0, 5)
                  .map((x) => x.term)
                  .join('、')}
              </div>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
