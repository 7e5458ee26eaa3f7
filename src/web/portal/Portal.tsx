/**
 * The citizen portal (mobile-first, under /portal): write to the mailbox, track a case and rate its
 * result (the SMS link), the public statistics and replies, and the directory of service and
 * emergency numbers. No login.
 */
import { useEffect } from 'react';
import { BrowserRouter, Link, Route, Routes } from 'react-router-dom';
import { ConfigProvider } from 'antd';
import { useLang } from '../shared/i18n';
import { LangSwitch } from '../shared/LangSwitch';
import { HomePage } from './HomePage';
import { WritePage } from './WritePage';
import { TrackPage } from './TrackPage';
import { StatsPage } from './StatsPage';
import { DirectoryPage } from './DirectoryPage';
import { RatePage } from './RatePage';
import { Page } from './Page';

const RED = '#c0392b';

export function Portal() {
  return (
    // antd's default error red is too light on white for WCAG AA; and buttons say exactly 提交 / 查询,
    // not antd's spaced-out "提 交", so people (and tests) find them by their words
    <ConfigProvider theme={{ token: { colorError: '#cf1322' } }} button={{ autoInsertSpace: false }}>
      <BrowserRouter basename="/portal">
        <Shell />
      </BrowserRouter>
    </ConfigProvider>
  );
}

function Shell() {
  const { lang, t } = useLang();
  useEffect(() => {
    document.documentElement.lang = lang === 'en' ? 'en' : 'zh-CN';
  }, [lang]);
  useEffect(() => {
    document.body.style.margin = '0';
  }, []);
  return (
    <div style={{ minHeight: '100vh', display: 'flex', flexDirection: 'column', background: '#f6f6f6' }}>
      <a href="#main" style={{ position: 'absolute', left: -9999, top: 0 }} onFocus={(e) => (e.currentTarget.style.left = '8px')} onBlur={(e) => (e.currentTarget.style.left = '-9999px')}>
        {t('跳到主要内容', 'Skip to content')}
      </a>
      <header style={{ background: RED }}>
        <div style={{ maxWidth: 880, margin: '0 auto', padding: '10px 16px', display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 12 }}>
          <Link to="/" style={{ color: '#fff', fontSize: 17, fontWeight: 600 }}>
            {t('12345 · 市民服务', '12345 · Citizen services')}
          </Link>
          <span style={{ background: '#fff', borderRadius: 4 }}>
            <LangSwitch />
          </span>
        </div>
      </header>
      <main id="main" style={{ flex: 1, width: '100%', maxWidth: 880, margin: '0 auto', padding: 16, boxSizing: 'border-box' }}>
        <Routes>
          <Route path="/" element={<HomePage />} />
          <Route path="/write" element={<WritePage />} />
          <Route path="/track" element={<TrackPage />} />
          <Route path="/rate" element={<RatePage />} />
          <Route path="/stats" element={<StatsPage />} />
          <Route path="/directory" element={<DirectoryPage />} />
          <Route path="*" element={<NotFound />} />
        </Routes>
      </main>
      <footer style={{ textAlign: 'center', color: '#666', padding: '16px 16px 24px', fontSize: 13 }}>
        {t('件件有着落，事事有回音', 'Every request answered')} · {t('政务服务便民热线', 'Government service hotline')} <a href="tel:12345" style={{ textDecoration: 'underline' }}>
          12345
        </a>
      </footer>
    </div>
  );
}

function NotFound() {
  const { t } = useLang();
  return (
    <Page title={t('页面不存在', 'Page not found')}>
      <p>{t('您访问的页面不存在。', 'There is no such page.')}</p>
    </Page>
  );
}
