/** A portal page: its h1, the document title, and focus on the h1 after moving between pages. */
import { useEffect, useRef, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { Typography } from 'antd';
import { LeftOutlined } from '@ant-design/icons';
import { useT } from '../shared/i18n';

let firstPage = true;

export function Page({ title, back = true, children }: { title: string; back?: boolean; children: ReactNode }) {
  const t = useT();
  const h1 = useRef<HTMLHeadingElement>(null);
  const site = t('12345 政务服务便民热线', '12345 Government Service Hotline');
  useEffect(() => {
    document.title = title === site ? site : `${title} · ${site}`;
  }, [title, site]);
  useEffect(() => {
    // a keyboard or screen-reader user lands on the new page's heading, not on the old link
    if (firstPage) firstPage = false;
    else h1.current?.focus();
  }, []);
  return (
    <>
      {back && (
        <nav aria-label={t('返回', 'Back')} style={{ marginBottom: 8 }}>
          <Link to="/">
            <LeftOutlined aria-hidden /> {t('返回首页', 'Home')}
          </Link>
        </nav>
      )}
      <Typography.Title level={1} ref={h1} tabIndex={-1} style={{ fontSize: 24, marginTop: 0, outline: 'none' }}>
        {title}
      </Typography.Title>
      {children}
    </>
  );
}

/** A section of a page with its h2. */
export function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section style={{ marginTop: 24 }}>
      <Typography.Title level={2} style={{ fontSize: 18 }}>
        {title}
      </Typography.Title>
      {children}
    </section>
  );
}
