/**
 * 来电弹屏: recent CTI calls not yet registered, refreshed every few seconds, or a number typed by
 * hand; for the picked call, the caller's cases of the last 12 months and their open cases, and the
 * bulletin board (公告栏: the filings under way or starting within 24 hours) to answer from.
 */
import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Card, Flex, Input, Spin, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { get } from '../shared/api';
import { useAsync } from '../shared/useAsync';
import { useLang, useT } from '../shared/i18n';
import { BulletinList, groupFilings } from '../shared/filings';
import { fmtTime } from '../shared/format';
import { isValidCitizenPhone } from '../../core/citizen';
import { SimilarCases } from './SimilarCases';
import type { CallContext, RecentCall } from './cti';

const POLL_MS = 8000;

export function CallPanel({ refreshKey, picked, onPick, onManual }: { refreshKey: number; picked: RecentCall | null; onPick: (c: RecentCall) => void; onManual: (phone: string) => void }) {
  const t = useT();
  const calls = useAsync(() => get<RecentCall[]>('/api/cti/calls?limit=20'), [refreshKey]);
  const reload = useRef(calls.reload);
  useEffect(() => {
    reload.current = calls.reload;
  });
  useEffect(() => {
    const timer = setInterval(() => reload.current(), POLL_MS);
    return () => clearInterval(timer);
  }, []);
  const [manual, setManual] = useState('');
  const [manualError, setManualError] = useState(false);

  return (
    <Flex vertical gap={12}>
      <Card
        size="small"
        title={t('来电', 'Calls')}
        extra={<Button size="small" type="text" icon={<ReloadOutlined />} onClick={calls.reload} aria-label={t('刷新来电', 'Refresh calls')} />}
        styles={{ body: { padding: 8 } }}
      >
        <Input.Search
          aria-label={t('手工输入来电号码', 'Caller number (typed)')}
          placeholder={t('手工输入来电号码，回车', 'Type the caller’s number, Enter')}
          value={manual}
          status={manualError ? 'error' : undefined}
          onChange={(e) => (setManual(e.target.value), setManualError(false))}
          onSearch={(v) => {
            if (!v.trim()) return;
            if (!isValidCitizenPhone(v)) return setManualError(true);
            onManual(v.trim());
          }}
          enterButton={t('带入', 'Use')}
          style={{ marginBottom: 8 }}
        />
        {manualError && (
          <Typography.Text type="danger" style={{ fontSize: 12, display: 'block', marginBottom: 4 }}>
            {t('请输入手机号或固定电话', 'Enter a mobile or landline number')}
          </Typography.Text>
        )}
        {calls.error && <Alert type="error" showIcon title={calls.error.message} />}
        {calls.data && calls.data.length === 0 && <Typography.Text type="secondary">{t('暂无待登记来电', 'No call waiting to be registered')}</Typography.Text>}
        <Flex vertical gap={4} style={{ maxHeight: 180, overflowY: 'auto' }} role="list" aria-label={t('待登记来电', 'Calls to register')}>
          {(calls.data ?? []).map((c) => (
            <div role="listitem" key={c.callId}>
              <Button block type={picked?.callId === c.callId ? 'primary' : 'default'} onClick={() => onPick(c)} data-call-id={c.callId} style={{ justifyContent: 'space-between' }}>
                <span>{c.caller}</span>
                <span style={{ fontSize: 12 }}>{fmtTime(c.startedAt).slice(5)}</span>
              </Button>
            </div>
          ))}
        </Flex>
      </Card>
      {picked && <CallerContext callId={picked.callId} />}
    </Flex>
  );
}

function CallerContext({ callId }: { callId: string }) {
  const { lang, t } = useLang();
  const { data, error, loading } = useAsync(() => get<CallContext>(`/api/cti/calls/${encodeURIComponent(callId)}`), [callId]);
  if (error) return <Alert type="error" showIcon title={error.message} />;
  if (!data) return loading ? <Spin /> : null;
  return (
    <Card size="small" title={`${t('来电人', 'Caller')} ${data.call.caller}`} styles={{ body: { padding: 8 } }} data-testid="caller-context">
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('来电时间', 'Called at')} {fmtTime(data.call.startedAt)}
        {data.call.recordingUrl && (
          <>
            {' · '}
            <a href={data.call.recordingUrl} target="_blank" rel="noreferrer">
              {t('录音', 'Recording')}
            </a>
          </>
        )}
      </Typography.Text>
      <Typography.Title level={2} style={{ fontSize: 14, margin: '8px 0 0' }}>
        {t('未办结诉求', 'Open cases')} ({data.similarOpen.length})
      </Typography.Title>
      <SimilarCases items={data.similarOpen} empty={t('没有未办结的诉求', 'No open case')} newTab label={t('来电人未办结诉求', 'The caller’s open cases')} />
      <Typography.Title level={2} style={{ fontSize: 14, margin: '8px 0 0' }}>
        {t('近 12 个月来电诉求', 'Last 12 months')} ({data.history.length})
      </Typography.Title>
      <SimilarCases items={data.history} empty={t('首次来电', 'First call')} newTab label={t('来电人近 12 个月诉求', 'The caller’s cases of the last 12 months')} />
      <Typography.Title level={2} style={{ fontSize: 14, margin: '8px 0 0' }}>
        {t('公告栏', 'Bulletin board')} ({data.filings.length})
      </Typography.Title>
      {/* focusable, so the keyboard can scroll it (axe: scrollable-region-focusable) */}
      <div style={{ maxHeight: 260, overflowY: 'auto' }} tabIndex={0} role="region" aria-label={t('公告栏', 'Bulletin board')} data-testid="call-bulletin">
        <BulletinList groups={groupFilings(data.filings, lang)} compact headingLevel={3} />
      </div>
    </Card>
  );
}
