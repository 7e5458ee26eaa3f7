/** Building blocks the admin screens share: the page frame, actions with feedback, file import and export. */
import { useRef, useState, type CSSProperties, type ReactNode } from 'react';
import { Alert, App, Button, ConfigProvider, Input, Space, Tag, Typography } from 'antd';
import { ApiError, api } from '../shared/api';
import { useLang, useT } from '../shared/i18n';

/** The admin screens, in menu order (index.tsx turns them into areas). */
export const ADMIN_PAGES = [
  { path: '/units', zh: '单位', en: 'Units' },
  { path: '/users', zh: '用户', en: 'Users' },
  { path: '/categories', zh: '分类', en: 'Categories' },
  { path: '/catalogue', zh: '派单目录', en: 'Dispatch catalogue' },
  { path: '/time-limits', zh: '时限规则', en: 'Time limits' },
  { path: '/phrases', zh: '敷衍用语', en: 'Perfunctory phrases' },
  { path: '/calendar', zh: '工作日历', en: 'Calendar' },
  { path: '/outbox', zh: '消息发送', en: 'Messages' },
  { path: '/imports', zh: '批量导入', en: 'Batch import' },
  { path: '/regions', zh: '区域', en: 'Regions' },
  { path: '/access-log', zh: '个人信息查看记录', en: 'Personal data access' },
  { path: '/privacy', zh: '个人信息保护', en: 'Personal data requests' },
  { path: '/webhooks', zh: '接口与Webhook', en: 'API and webhooks' },
  { path: '/platforms', zh: '对接平台', en: 'Platforms' },
] as const;

/** Every admin page: the page's h1, the actions beside it, then the content (the app's side menu lists the admin screens). */
export function AdminPage({ zh, en, actions, intro, children }: { zh: string; en: string; actions?: ReactNode; intro?: ReactNode; children: ReactNode }) {
  const t = useT();
  return (
    // a darker red for danger buttons and texts: antd's default (#ff4d4f) fails WCAG contrast on white
    <ConfigProvider theme={{ token: { colorError: '#c0392b' } }}>
      <div style={{ display: 'flex', gap: 16, alignItems: 'flex-start' }}>
        <div style={{ flex: 1, minWidth: 0 }}>
          <Space orientation="vertical" size={12} style={{ width: '100%' }}>
            <div style={{ display: 'flex', alignItems: 'center', gap: 12, flexWrap: 'wrap' }}>
              <Typography.Title level={1} style={{ fontSize: 20, margin: 0, marginInlineEnd: 'auto' }}>
                {t(zh, en)}
              </Typography.Title>
              {actions}
            </div>
            {intro && <Typography.Paragraph type="secondary" style={{ margin: 0 }}>{intro}</Typography.Paragraph>}
            {children}
          </Space>
        </div>
      </div>
    </ConfigProvider>
  );
}

/** Text and background pairs that keep 4.5:1 contrast (antd's preset tag colours do not). */
const TONES = {
  green: ['#135200', '#f6ffed', '#b7eb8f'],
  red: ['#a8071a', '#fff1f0', '#ffa39e'],
  blue: ['#003eb3', '#e6f4ff', '#91caff'],
  gold: ['#874d00', '#fffbe6', '#ffe58f'],
  purple: ['#391085', '#f9f0ff', '#d3adf7'],
} as const;

/** A status tag in an accessible colour. */
export function Pill({ tone, children, style }: { tone: keyof typeof TONES; children: ReactNode; style?: CSSProperties }) {
  const [color, background, borderColor] = TONES[tone];
  return <Tag style={{ color, background, borderColor, ...style }}>{children}</Tag>;
}

/** A section heading inside a page. */
export function Section({ children, extra }: { children: ReactNode; extra?: ReactNode }) {
  return (
    <div style={{ display: 'flex', alignItems: 'center', gap: 12, flexWrap: 'wrap', marginTop: 8 }}>
      <Typography.Title level={2} style={{ fontSize: 16, margin: 0, marginInlineEnd: 'auto' }}>
        {children}
      </Typography.Title>
      {extra}
    </div>
  );
}

/** The row errors of an all-or-nothing import (`details.rows`), or the message alone. */
export function errorText(e: unknown, lang: 'zh' | 'en'): ReactNode {
  if (!(e instanceof ApiError)) return (e as Error).message;
  const rows = e.details?.rows as { row: number; field: string; message: string; messageEn?: string }[] | undefined;
  if (!rows?.length) return e.message;
  return (
    <>
      {e.message}
      <ul style={{ margin: '4px 0 0', paddingInlineStart: 20, maxHeight: 200, overflow: 'auto' }}>
        {rows.slice(0, 100).map((r, i) => (
          <li key={i}>
            {lang === 'en' ? `Row ${r.row}, ${r.field}: ${r.messageEn ?? r.message}` : `第 ${r.row} 行 ${r.field}：${r.message}`}
          </li>
        ))}
        {rows.length > 100 && <li>…</li>}
      </ul>
    </>
  );
}

/** Runs an action, says so when it worked, shows the server's message when it did not; resolves to whether it worked. */
export function useRun(): (action: () => Promise<unknown>, done?: string) => Promise<boolean> {
  const { message, modal } = App.useApp();
  const { lang, t } = useLang();
  return async (action, done) => {
    try {
      await action();
      message.success(done ?? t('已保存', 'Saved'));
      return true;
    } catch (e) {
      if (e instanceof ApiError && e.details?.rows) modal.error({ title: t('导入失败，未写入任何数据', 'Import failed; nothing was written'), content: errorText(e, lang), width: 640 });
      else message.error((e as Error).message);
      return false;
    }
  };
}

/**
 * A button that opens the file chooser. A plain hidden input rather than antd's Upload, whose
 * wrapper is itself a button and would nest one interactive element in another.
 */
export function FileButton({ label, accept, onFile, loading, type }: { label: string; accept: string; onFile: (f: File) => void; loading?: boolean; type?: 'primary' | 'default' }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <input
        ref={input}
        type="file"
        accept={accept}
        aria-label={label}
        style={{ display: 'none' }}
        onChange={(e) => {
          const f = e.target.files?.[0];
          e.target.value = '';
          if (f) onFile(f);
        }}
      />
      <Button type={type} loading={loading} onClick={() => input.current?.click()}>
        {label}
      </Button>
    </>
  );
}

/** Export links (.xlsx and CSV) and an all-or-nothing import for one of the /api/org-io datasets. */
export function DatasetIo({ dataset, title, onImported }: { dataset: 'units' | 'duties' | 'catalogue' | 'staff'; title: string; onImported: () => void }) {
  const { t } = useLang();
  const run = useRun();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ created: number; updated: number; unchanged: number }>();
  return (
    <Space wrap>
      <a href={`/api/org-io/${dataset}/export?format=xlsx`} download>
        {t(`导出${title}（Excel）`, `Export ${title} (Excel)`)}
      </a>
      <a href={`/api/org-io/${dataset}/export?format=csv`} download>
        {t('导出 CSV', 'Export CSV')}
      </a>
      <FileButton
        label={t(`导入${title}`, `Import ${title}`)}
        accept=".xlsx,.csv"
        loading={busy}
        onFile={async (file) => {
          const fd = new FormData();
          fd.append('file', file);
          setBusy(true);
          setResult(undefined);
          const ok = await run(async () => setResult(await api('POST', `/api/org-io/${dataset}/import`, fd)), t('导入完成', 'Imported'));
          setBusy(false);
          if (ok) onImported();
        }}
      />
      {result && (
        <Alert
          type="success"
          showIcon
          closable
          onClose={() => setResult(undefined)}
          title={t(`新增 ${result.created}，更新 ${result.updated}，未变 ${result.unchanged}`, `${result.created} created, ${result.updated} updated, ${result.unchanged} unchanged`)}
        />
      )}
    </Space>
  );
}

/** A text filter for a table. */
export function Filter({ label, value, onChange, width = 240 }: { label: string; value: string; onChange: (v: string) => void; width?: number }) {
  return <Input allowClear aria-label={label} placeholder={label} value={value} onChange={(e) => onChange(e.target.value)} style={{ width }} />;
}

/** Case-insensitive match of a filter against some texts. */
export const matches = (q: string, ...texts: (string | null | undefined)[]) => !q.trim() || texts.some((x) => x?.toLowerCase().includes(q.trim().toLowerCase()));
