import { Button } from 'antd';
import { useLang } from './i18n';

/** 中文 / English. */
export function LangSwitch() {
  const { lang, setLang } = useLang();
  return (
    <Button size="small" type="text" onClick={() => setLang(lang === 'en' ? 'zh' : 'en')} aria-label={lang === 'en' ? '切换到中文' : 'Switch to English'}>
      {lang === 'en' ? '中文' : 'English'}
    </Button>
  );
}
