/** 首页: the hotline number and the four things a citizen comes for, as big buttons. */
import type { CSSProperties, ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { BarChartOutlined, EditOutlined, PhoneOutlined, SearchOutlined } from '@ant-design/icons';
import { useT } from '../shared/i18n';
import { Page } from './Page';

const tile: CSSProperties = {
  display: 'flex',
  flexDirection: 'column',
  alignItems: 'center',
  justifyContent: 'center',
  gap: 8,
  minHeight: 112,
  padding: 16,
  background: '#fff',
  border: '1px solid #e3e3e3',
  borderRadius: 8,
  color: '#a93226',
  fontSize: 18,
  fontWeight: 600,
  textAlign: 'center',
};

function Tile({ to, icon, children }: { to: string; icon: ReactNode; children: ReactNode }) {
  return (
    <Link to={to} style={tile}>
      <span aria-hidden style={{ fontSize: 30 }}>
        {icon}
      </span>
      {children}
    </Link>
  );
}

export function HomePage() {
  const t = useT();
  return (
    <Page title={t('12345 政务服务便民热线', '12345 Government Service Hotline')} back={false}>
      <div style={{ background: '#fff', border: '1px solid #e3e3e3', borderRadius: 8, padding: 16, textAlign: 'center', marginBottom: 16 }}>
        <div style={{ color: '#555' }}>{t('有事找政府，请拨打', 'Need the government? Call')}</div>
        <a href="tel:12345" style={{ display: 'inline-block', fontSize: 44, fontWeight: 700, color: '#c0392b', letterSpacing: 2, lineHeight: 1.3 }} aria-label={t('拨打热线 12345', 'Call the hotline 12345')}>
          <PhoneOutlined aria-hidden style={{ fontSize: 34, marginRight: 8 }} />
          12345
        </a>
        <div style={{ color: '#555' }}>{t('7×24 小时人工服务 · 咨询、求助、投诉、举报、建议', 'Staffed 24/7 · questions, help, complaints, tip-offs, suggestions')}</div>
      </div>
      <nav aria-label={t('市民服务', 'Services')} style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(150px, 1fr))', gap: 12 }}>
        <Tile to="/write" icon={<EditOutlined />}>
          {t('我要写信', 'Write to us')}
        </Tile>
        <Tile to="/track" icon={<SearchOutlined />}>
          {t('查询办理进度', 'Track my request')}
        </Tile>
        <Tile to="/stats" icon={<BarChartOutlined />}>
          {t('公开数据', 'Public data')}
        </Tile>
        <Tile to="/directory" icon={<PhoneOutlined />}>
          {t('应急电话', 'Emergency numbers')}
        </Tile>
      </nav>
      <p style={{ color: '#666', marginTop: 16 }}>
        {t('遇到火灾、治安、急救等紧急情况，请直接拨打 110、119、120。', 'In a fire, crime or medical emergency, call 110, 119 or 120 directly.')}
      </p>
    </Page>
  );
}
