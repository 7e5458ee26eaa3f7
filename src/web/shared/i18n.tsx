/**
 * Simplified Chinese first, English on request. Texts are written where they are used as a pair,
 * `t('登记', 'Register')`, so every screen carries both and no dictionary drifts from the code.
 * The choice is kept in localStorage and in the `hy_lang` cookie the server reads for its messages.
 */
import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import { ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { setApiLang } from './api';

export type Lang = 'zh' | 'en';

/**
 * Ant Design's default greys and link blue fall short of WCAG AA contrast (4.5:1) on white; these
 * darker tokens pass it, as axe checks in the browser tests.
 */
const THEME = {
  token: {
    colorPrimary: '#b91c1c',
    colorError: '#b91c1c',
    colorLink: '#1d4ed8',
    colorTextSecondary: '#595959',
    colorTextTertiary: '#595959',
    colorTextQuaternary: '#6b6b6b',
    colorTextPlaceholder: '#6b6b6b',
    colorTextDescription: '#595959',
    borderRadius: 4,
  },
};

interface LangContext {
  lang: Lang;
  setLang: (l: Lang) => void;
  t: (zh: string, en: string) => string;
}

const Ctx = createContext<LangContext>({ lang: 'zh', setLang: () => undefined, t: (zh) => zh });

function initialLang(): Lang {
  const saved = typeof localStorage !== 'undefined' ? localStorage.getItem('hy_lang') : null;
  return saved === 'en' ? 'en' : 'zh';
}

export function LangProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => {
    const l = initialLang();
    setApiLang(l);
    return l;
  });
  const value = useMemo<LangContext>(
    () => ({
      lang,
      setLang: (l) => {
        localStorage.setItem('hy_lang', l);
        document.cookie = `hy_lang=${l}; path=/; max-age=31536000; samesite=lax`;
        document.documentElement.lang = l === 'en' ? 'en' : 'zh-CN';
        setApiLang(l);
        dayjs.locale(l === 'en' ? 'en' : 'zh-cn');
        setLangState(l);
      },
      t: (zh, en) => (lang === 'en' ? en : zh),
    }),
    [lang],
  );
  dayjs.locale(lang === 'en' ? 'en' : 'zh-cn');
  return (
    <Ctx.Provider value={value}>
      <ConfigProvider locale={lang === 'en' ? enUS : zhCN} theme={THEME}>
        {children}
      </ConfigProvider>
    </Ctx.Provider>
  );
}

export function useLang(): LangContext {
  return useContext(Ctx);
}

export function useT(): LangContext['t'] {
  return useContext(Ctx).t;
}
