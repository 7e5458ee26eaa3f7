/**
 * What a case on a special channel belongs to (issue #12 §3): on 领导热线 the leader session now on
 * (the server tags it by itself) or one chosen; on 社会联络员 the liaison who brought it; on 走基层
 * the activity it was taken at. Fields of the registration form: leaderSessionId, liaisonId, activityId.
 */
import { Alert, Form, Select, Typography } from 'antd';
import { get, qs } from '../shared/api';
import { useAsync } from '../shared/useAsync';
import { useLang } from '../shared/i18n';
import { fmtTime } from '../shared/format';
import { shiftDay, shanghaiToday } from '../shared/periods';
import type { Channel } from '../../core/enums';
import { sessionLabel, type Activity, type LeaderSession, type Liaison } from '../shared/directories';

export function ChannelTagFields({ channel }: { channel: Channel | undefined }) {
  if (channel === 'leader_line') return <SessionField />;
  if (channel === 'liaison') return <LiaisonField />;
  if (channel === 'grassroots') return <ActivityField />;
  return null;
}

function SessionField() {
  const { t } = useLang();
  const today = shanghaiToday();
  const { data, loading, error } = useAsync(() => get<LeaderSession[]>(`/api/leader-sessions${qs({ from: shiftDay(today, -30), to: today })}`), [today]);
  const now = Date.now();
  const current = (data ?? []).find((s) => Date.parse(s.startsAt) <= now && now < Date.parse(s.endsAt));
  return (
    <>
      {error && <Alert type="error" showIcon title={error.message} style={{ marginBottom: 8 }} />}
      {data && (
        <Alert
          type={current ? 'info' : 'warning'}
          showIcon
          style={{ marginBottom: 8 }}
          data-testid="leader-session-now"
          title={
            current
              ? t(`正在进行：${current.leaderTitle}${current.leaderName}接听（${fmtTime(current.startsAt).slice(11)}–${fmtTime(current.endsAt).slice(11)}），不选场次时自动关联`, `On now: ${current.leaderName}, ${current.leaderTitle}; linked by itself unless you choose a session`)
              : t('当前没有领导接听场次，如属某一场次请选择', 'No leader session is on now; choose one if the case belongs to one')
          }
        />
      )}
      <Form.Item name="leaderSessionId" label={t('领导接听场次', 'Leader session')}>
        <Select
          allowClear
          loading={loading}
          placeholder={current ? t('自动关联当前场次', 'The current session (automatic)') : t('选择场次（近 30 天）', 'Choose a session (last 30 days)')}
          options={[...(data ?? [])].reverse().map((s) => ({ value: s.id, label: sessionLabel(s) }))}
        />
      </Form.Item>
    </>
  );
}

function LiaisonField() {
  const { t } = useLang();
  const { data, loading } = useAsync(() => get<Liaison[]>('/api/liaisons'), []);
  const active = (data ?? []).filter((l) => l.active);
  return (
    <Form.Item name="liaisonId" label={t('社会联络员', 'Liaison')} extra={data && active.length === 0 ? <Typography.Text type="secondary">{t('没有在任的社会联络员', 'No liaison appointed')}</Typography.Text> : undefined}>
      <Select
        allowClear
        loading={loading}
        showSearch={{ optionFilterProp: 'label' }}
        placeholder={t('选择反映诉求的联络员', 'Who brought the request')}
        options={active.map((l) => ({ value: l.id, label: [l.name, l.area, l.organisation].filter(Boolean).join(' · ') }))}
      />
    </Form.Item>
  );
}

function ActivityField() {
  const { t } = useLang();
  const { data, loading } = useAsync(() => get<Activity[]>('/api/grassroots-activities'), []);
  return (
    <Form.Item name="activityId" label={t('走基层活动', 'Grassroots activity')}>
      <Select
        allowClear
        loading={loading}
        showSearch={{ optionFilterProp: 'label' }}
        placeholder={t('选择受理该诉求的活动', 'The activity it was taken at')}
        options={(data ?? []).map((a) => ({ value: a.id, label: `${a.heldOn} ${a.title}（${a.place}）` }))}
      />
    </Form.Item>
  );
}
