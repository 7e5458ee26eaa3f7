/**
 * One text and a few decisions on a case — sign off / refuse, approve / rework, close / rework,
 * approve / refuse an extension. Decisions that send work back need the text as their reason.
 * Ctrl+Enter takes the first decision.
 */
import { useState } from 'react';
import { Alert, Button, Form, Input, Select, Space, message } from 'antd';
import { post } from '../shared/api';
import { useT } from '../shared/i18n';
import { SEND_BACK_STYLE, errorText, limitLabel, submitOnCtrlEnter } from './ui';

export interface Decision {
  key: string;
  /** The step's path under /api/cases/{id}/. */
  path: string;
  label: string;
  /** Which body field carries the text. */
  field: 'note' | 'reason' | 'explanation';
  requiresText?: boolean;
  primary?: boolean;
  /** Sends work back: drawn in red. */
  danger?: boolean;
  /** Offer an optional time limit with this decision (rework). */
  limits?: string[];
  /** Fixed body fields, e.g. `{ approve: false }`. */
  body?: Record<string, unknown>;
  done: string;
}

export function DecisionBar({ target, textLabel, decisions, onDone, id, compact }: { target: { id: string; version: number }; textLabel: string; decisions: Decision[]; onDone: () => void; id: string; compact?: boolean }) {
  const t = useT();
  const [text, setText] = useState('');
  const [limit, setLimit] = useState<string>();
  const [busy, setBusy] = useState<string>();
  const [error, setError] = useState<string>();
  const [missing, setMissing] = useState(false);
  const limits = decisions.find((d) => d.limits)?.limits;

  async function decide(d: Decision) {
    if (d.requiresText && !text.trim()) {
      setMissing(true);
      setError(t(`请先填写${textLabel}`, `${textLabel} is required for this`));
      return;
    }
    setBusy(d.key);
    setError(undefined);
    setMissing(false);
    try {
      await post(`/api/cases/${target.id}/${d.path}`, { version: target.version, ...(text.trim() ? { [d.field]: text.trim() } : {}), ...(d.limits && limit ? { limit } : {}), ...d.body });
      message.success(d.done);
      setText('');
      setLimit(undefined);
      onDone();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(undefined);
    }
  }

  const onText = (v: string) => (setText(v), setMissing(false));
  const actions = (
    <Space wrap>
      {decisions.map((d) => (
        <Button key={d.key} type={d.primary ? 'primary' : 'default'} style={d.danger ? SEND_BACK_STYLE : undefined} loading={busy === d.key} disabled={busy !== undefined && busy !== d.key} onClick={() => void decide(d)} data-decision={d.key}>
          {d.label}
        </Button>
      ))}
      {limits && (
        <Select
          allowClear
          aria-label={t('重办时限', 'Rework limit')}
          placeholder={t('重办时限（默认按规则）', 'Rework limit (policy default)')}
          style={{ width: 220 }}
          value={limit}
          onChange={setLimit}
          options={limits.map((l) => ({ value: l, label: limitLabel(l, t) }))}
        />
      )}
    </Space>
  );

  return (
    <Form layout="vertical" onKeyDown={submitOnCtrlEnter(() => decisions[0] && void decide(decisions[0]))} style={{ background: '#fafafa', padding: compact ? '8px 12px' : 12, borderRadius: 4 }}>
      <Form.Item label={textLabel} htmlFor={id} validateStatus={missing ? 'error' : undefined} style={{ marginBottom: compact ? 0 : 8 }}>
        {compact ? (
          <div style={{ display: 'flex', gap: 8 }}>
            <Input id={id} maxLength={1000} value={text} onChange={(e) => onText(e.target.value)} style={{ flex: 1 }} />
            {actions}
          </div>
        ) : (
          <Input.TextArea id={id} rows={2} maxLength={1000} showCount value={text} onChange={(e) => onText(e.target.value)} />
        )}
      </Form.Item>
      {error && <Alert type="error" showIcon title={error} style={{ margin: compact ? '8px 0 0' : '0 0 8px' }} />}
      {!compact && actions}
    </Form>
  );
}
