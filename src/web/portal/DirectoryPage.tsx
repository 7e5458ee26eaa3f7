/**
 * 便民服务电话 — the public directory (DOMAIN.md §11, S0): the hotline, the mailbox, the SMS number,
 * 110 / 119 / 120 / 122, the governments' duty phones, and the leader-answering schedule's place.
 */
import { Link } from 'react-router-dom';
import { Alert, Spin } from 'antd';
import { MailOutlined, MessageOutlined, PhoneOutlined } from '@ant-design/icons';
import { get } from '../shared/api';
import { useAsync } from '../shared/useAsync';
import { useLang } from '../shared/i18n';
import { telHref, type Directory } from './portal-api';
import { Page, Section } from './Page';

/** The emergency services' English names, by number (the server lists them in Chinese). */
const EN_EMERGENCY: Record<string, string> = { '110': 'Police', '119': 'Fire', '120': 'Ambulance', '122': 'Traffic accidents' };

const row = { display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 12, padding: '12px 16px', background: '#fff', border: '1px solid #e3e3e3', borderRadius: 8 } as const;
const number = { fontSize: 22, fontWeight: 700, color: '#a93226', whiteSpace: 'nowrap' } as const;
const list = { listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: 8 } as const;

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
            <ul style={{ ...list, gridTemplateColumns: 'repeat(auto-fit, minmax(160px, 1fr))' }}>
              {d.emergency.map((e) => {
                const name = lang === 'en' ? (EN_EMERGENCY[e.phone] ?? e.name) : e.name;
                return (
                  <li key={e.phone}>
                    <a href={telHref(e.phone)} style={{ ...row, color: 'inherit' }} aria-label={t(`拨打${name}电话 ${e.phone}`, `Call ${name}: ${e.phone}`)}>
                      <span>{name}</span>
                      <span style={number}>{e.phone}</span>
                    </a>
                  </li>
                );
              })}
            </ul>
          </Section>

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
            {/* published schedules (S4 annex 2) come with issue #12; until then the API lists none */}
            <Alert type="info" showIcon title={t('领导接听安排暂未发布，发布后将在此提前公示。', 'The schedule of leaders answering the hotline is not published yet; it will be announced here in advance.')} />
          </Section>
        </>
      )}
    </Page>
  );
}
