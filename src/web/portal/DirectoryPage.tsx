/**
 * 便民服务电话 — the public directory (DOMAIN.md §11, S0): the hotline, the mailbox, the SMS number,
 * 110 / 119 / 120 / 122 and the emergency numbers admins add, other public service numbers, the
 * governments' duty phones, and the leader-answering schedule published in advance (S4 annex 2).
 */
import { Link } from 'react-router-dom';
import { Alert, Spin } from 'antd';
import { MailOutlined, MessageOutlined, PhoneOutlined } from '@ant-design/icons';
import { get } from '../shared/api';
import { useAsync } from '../shared/useAsync';
import { useLang } from '../shared/i18n';
import { fmtTime } from '../shared/format';
import { telHref, type Directory } from './portal-api';
import { Page, Section } from './Page';

/** The emergency services' English names, by number (the server lists them in Chinese). */
const EN_EMERGENCY: Record<string, string> = { '110': 'Police', '119': 'Fire', '120': 'Ambulance', '122': 'Traffic accidents' };

const row = { display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 12, padding: '12px 16px', background: '#fff', border: '1px solid #e3e3e3', borderRadius: 8 } as const;
const number = { fontSize: 22, fontWeight: 700, color: '#a93226', whiteSpace: 'nowrap' } as const;
const list = { listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: 8 } as const;
const WEEKDAYS: [string, string][] = [
  ['周日', 'Sun'],
  ['周一', 'Mon'],
  ['周二', 'Tue'],
  ['周三', 'Wed'],
  ['周四', 'Thu'],
  ['周五', 'Fri'],
  ['周六', 'Sat'],
];
/** The weekday of an instant in Shanghai. */
const weekday = (iso: string, lang: 'zh' | 'en') => WEEKDAYS[new Date(Date.parse(iso) + 8 * 3_600_000).getUTCDay()]![lang === 'en' ? 1 : 0];

export function DirectoryPage() {
  const { lang, t } = useLang();
  const { data: d, error, loading } = useAsync(() => get<Directory>('/api/public/directory'), []);
  return (
    <Page title={t('便民服务电话', 'Service and emergency numbers')}>
      {error && <Alert type="error" showIcon title={error.message} />}
      {loading && !d && <Spin />}
      {d && (
        <>
          <Section title={t('政务服务便民热线', 'Government service hotline')}>
            <ul style={list}>
              <li style={row}>
                <span>
                  <PhoneOutlined aria-hidden /> {t('12345 热线（7×24 小时）', '12345 hotline (24/7)')}
                </span>
                <a href={telHref(d.hotline)} style={number} aria-label={t(`拨打 ${d.hotline}`, `Call ${d.hotline}`)}>
                  {d.hotline}
                </a>
              </li>
              <li style={row}>
                <span>
                  <MessageOutlined aria-hidden /> {t('短信', 'SMS')}
                </span>
                <a href={`sms:${d.sms.replace(/[^\d+]/g, '')}`} style={number} aria-label={t(`发短信到 ${d.sms}`, `Text ${d.sms}`)}>
                  {d.sms}
                </a>
              </li>
              <li style={row}>
                <span>
                  <MailOutlined aria-hidden /> {t('市长信箱', 'Mayor’s mailbox')}
                </span>
                <Link to="/write" style={{ fontSize: 16, fontWeight: 600 }}>
                  {t('在线写信', 'Write online')}
                </Link>
              </li>
            </ul>
            <p style={{ color: '#666', fontSize: 13, marginTop: 8 }}>
              {t('短信请写明诉求内容、事发地址和您的姓名；一条短信即受理为一件诉求。', 'In an SMS, give your request, the address and your name; each SMS is registered as one case.')}
            </p>
          </Section>

          <Section title={t('应急电话', 'Emergency numbers')}>
            <p style={{ color: '#666' }}>{t('遇到紧急情况，请直接拨打：', 'In an emergency, call directly:')}</p>
            {/* the short numbers (110, 95598) side by side; the long ones the admins add on rows of their own */}
            {[d.emergency.filter((e) => e.phone.length <= 6), d.emergency.filter((e) => e.phone.length > 6)].map((group, i) =>
              group.length === 0 ? null : (
                <ul key={i} style={{ ...list, marginTop: i ? 8 : 0, ...(i === 0 ? { gridTemplateColumns: 'repeat(auto-fit, minmax(160px, 1fr))' } : {}) }}>
                  {group.map((e) => {
                    const name = lang === 'en' ? (EN_EMERGENCY[e.phone] ?? e.name) : e.name;
                    return (
                      <li key={e.phone}>
                        <a href={telHref(e.phone)} style={{ ...row, color: 'inherit' }} aria-label={t(`拨打${name}电话 ${e.phone}`, `Call ${name}: ${e.phone}`)}>
                          <span style={{ overflowWrap: 'anywhere' }}>{name}</span>
                          <span style={i ? { ...number, fontSize: 18 } : number}>{e.phone}</span>
                        </a>
                      </li>
                    );
                  })}
                </ul>
              ),
            )}
          </Section>

          {d.services.length > 0 && (
            <Section title={t('便民服务电话', 'Public service numbers')}>
              <ul style={list}>
                {d.services.map((e) => (
                  <li key={`${e.name}-${e.phone}`} style={row}>
                    <span style={{ overflowWrap: 'anywhere' }}>
                      {e.name}
                      {e.note && <span style={{ display: 'block', color: '#555', fontSize: 13 }}>{e.note}</span>}
                    </span>
                    <a href={telHref(e.phone)} style={{ ...number, fontSize: 18 }} aria-label={t(`拨打${e.name} ${e.phone}`, `Call ${e.name}: ${e.phone}`)}>
                      {e.phone}
                    </a>
                  </li>
                ))}
              </ul>
            </Section>
          )}

          <Section title={t('领导应急值守电话', 'Government duty phones')}>
            {d.leaderPhones.length === 0 ? (
              <p style={{ color: '#666' }}>{t('暂未公布。', 'Not published yet.')}</p>
            ) : (
              <ul style={list}>
                {d.leaderPhones.map((u) => (
                  <li key={`${u.name}-${u.phone}`} style={row}>
                    <span style={{ overflowWrap: 'anywhere' }}>{u.name}</span>
                    <a href={telHref(u.phone)} style={{ ...number, fontSize: 18 }} aria-label={t(`拨打${u.name} ${u.phone}`, `Call ${u.name}: ${u.phone}`)}>
                      {u.phone}
                    </a>
                  </li>
                ))}
              </ul>
            )}
          </Section>

          <Section title={t('领导接听安排', 'Leaders on the hotline')}>
            {d.leaderSchedule.length === 0 ? (
              <Alert type="info" showIcon title={t('近期暂无领导接听安排，发布后将在此提前公示。', 'No leader is scheduled on the hotline soon; sessions are announced here in advance.')} />
            ) : (
              <>
                <p style={{ color: '#666' }}>{t(`接听时段内拨打 ${d.hotline}，由市领导直接听取您的诉求。`, `Call ${d.hotline} during a session to speak to a city leader.`)}</p>
                <ul style={list} data-testid="leader-schedule">
                  {d.leaderSchedule.map((s) => (
                    <li key={s.startsAt} style={{ ...row, flexWrap: 'wrap' }}>
                      <span>
                        <strong style={{ fontSize: 16 }}>
                          {s.title} {s.leader}
                        </strong>
                        {s.topic && <span style={{ display: 'block', color: '#555', fontSize: 13 }}>{t(`主题：${s.topic}`, `Topic: ${s.topic}`)}</span>}
                      </span>
                      <span style={{ fontWeight: 600, color: '#a93226', whiteSpace: 'nowrap' }}>
                        {fmtTime(s.startsAt).slice(0, 10)} {weekday(s.startsAt, lang)} {fmtTime(s.startsAt).slice(11)}–{fmtTime(s.endsAt).slice(11)}
                      </span>
                    </li>
                  ))}
                </ul>
              </>
            )}
          </Section>
        </>
      )}
    </Page>
  );
}
