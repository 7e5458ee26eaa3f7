/**
 * One knowledge article: its text and facts, and exactly the steps `allowedActions` lists — edit,
 * submit, approve or send back with a note, expire, revise — each sent with the version read.
 */
import { Fragment, useState, type ReactNode } from 'react';
import { Alert, App, Button, Descriptions, Drawer, Input, Modal, Popconfirm, Space, Spin, Tag, Typography } from 'antd';
import { ARTICLE_ACTION_LABELS, type ArticleAction } from '../../../core/knowledge';
import { ApiError, get, post } from '../../shared/api';
import { useAsync } from '../../shared/useAsync';
import { useLang } from '../../shared/i18n';
import { TAG, fmtTime } from '../../shared/format';
import { STATUS_COLOR, TYPE_COLOR, type Article } from '../../shared/knowledge';

/** `YYYY-MM-DD ~ YYYY-MM-DD`, open ends named. */
export function validityText(a: { validFrom: string | null; validTo: string | null }, t: (zh: string, en: string) => string): string {
  if (!a.validFrom && !a.validTo) return t('长期有效', 'No end date');
  return `${a.validFrom ?? t('即日起', 'now')} ~ ${a.validTo ?? t('长期', 'open-ended')}`;
}

export function ArticleDrawer({ id, onClose, onChanged, onEdit, footer }: { id: string; onClose: () => void; onChanged?: () => void; onEdit?: (a: Article) => void; footer?: (a: Article) => ReactNode }) {
  const { lang, t } = useLang();
  const { message } = App.useApp();
  const { data: a, error, loading, reload } = useAsync(() => get<Article>(`/api/knowledge/${id}`), [id]);
  const [busy, setBusy] = useState<ArticleAction | null>(null);
  const [sendingBack, setSendingBack] = useState(false);
  const [note, setNote] = useState('');

  async function step(action: ArticleAction, path: string, body: Record<string, unknown> = {}) {
    if (!a) return;
    setBusy(action);
    try {
      await post(`/api/knowledge/${a.id}/${path}`, { version: a.version, ...body });
      message.success(t(`已${ARTICLE_ACTION_LABELS[action].zh}`, `${ARTICLE_ACTION_LABELS[action].en}: done`));
      setSendingBack(false);
      reload();
      onChanged?.();
    } catch (e) {
      message.error(e instanceof ApiError && e.code === 'conflict' && e.details?.version ? t('资料已被他人修改，已刷新，请重试', 'Someone changed the article; reloaded, try again') : (e as Error).message);
      if (e instanceof ApiError && e.code === 'conflict') reload();
    } finally {
      setBusy(null);
    }
  }

  const button = (action: ArticleAction): ReactNode => {
    const label = ARTICLE_ACTION_LABELS[action][lang];
    const common = { loading: busy === action, 'data-article-action': action };
    switch (action) {
      case 'edit':
        return onEdit && a ? (
          <Button {...common} onClick={() => onEdit(a)}>
            {label}
          </Button>
        ) : null;
      case 'submit':
        return (
          <Button {...common} type="primary" onClick={() => void step('submit', 'submit')}>
            {label}
          </Button>
        );
      case 'approve':
        return (
          <Button {...common} type="primary" onClick={() => void step('approve', 'review', { approve: true })}>
            {label}
          </Button>
        );
      case 'send_back':
        return (
          <Button {...common} danger onClick={() => (setNote(''), setSendingBack(true))}>
            {label}
          </Button>
        );
      case 'expire':
        return (
          <Popconfirm title={t('设为失效后话务员将不再看到这条资料。确定？', 'Operators will no longer see it. Go ahead?')} okText={t('确定', 'OK')} cancelText={t('取消', 'Cancel')} onConfirm={() => step('expire', 'expire')}>
            <Button danger loading={busy === action} data-article-action={action}>
              {label}
            </Button>
          </Popconfirm>
        );
      case 'revise':
        return (
          <Button {...common} onClick={() => void step('revise', 'revise')}>
            {label}
          </Button>
        );
    }
  };

  return (
    <Drawer open size={720} title={a?.title ?? t('资料', 'Article')} onClose={onClose} destroyOnHidden extra={a && <Space wrap>{a.allowedActions.map((x) => <Fragment key={x}>{button(x)}</Fragment>)}</Space>} footer={a && footer?.(a)}>
      {error && <Alert type="error" showIcon title={error.message} />}
      {loading && !a && <Spin />}
      {a && (
        <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="article">
          <Space size={4} wrap>
            <Tag color={TYPE_COLOR[a.type]}>{a.typeLabel}</Tag>
            <Tag color={STATUS_COLOR[a.status]}>{a.statusLabel}</Tag>
            {a.status === 'published' && !a.inForce && <Tag color={TAG.amber}>{t('未到生效日期', 'Not yet in force')}</Tag>}
            <Typography.Text type="secondary">
              v{a.version} · {t('已用于答复', 'Answers given')} {a.useCount} {t('次', '')}
            </Typography.Text>
          </Space>
          {a.status === 'draft' && a.reviewNote && <Alert type="warning" showIcon title={t('审核退回意见', 'Sent back with')} description={a.reviewNote} />}
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label={t('分类', 'Category')}>{a.category?.name ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('所属单位', 'Unit')}>{a.ownerUnit.name}</Descriptions.Item>
            <Descriptions.Item label={t('有效期', 'Valid')}>{validityText(a, t)}</Descriptions.Item>
            <Descriptions.Item label={t('编写', 'Written by')}>
              {a.createdBy ?? '—'} {fmtTime(a.createdAt)}
            </Descriptions.Item>
            <Descriptions.Item label={t('审核', 'Reviewed by')}>{a.reviewedBy ? `${a.reviewedBy} ${fmtTime(a.reviewedAt)}` : '—'}</Descriptions.Item>
            <Descriptions.Item label={t('更新时间', 'Updated')}>{fmtTime(a.updatedAt)}</Descriptions.Item>
          </Descriptions>
          {/* written by staff, shown as text, never as markup */}
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', fontSize: 15, lineHeight: 1.8 }} data-testid="article-body">
            {a.body}
          </Typography.Paragraph>
        </Space>
      )}
      <Modal
        open={sendingBack}
        title={t('退回修改', 'Send back')}
        onCancel={() => setSendingBack(false)}
        onOk={() => (note.trim() ? void step('send_back', 'review', { approve: false, note: note.trim() }) : message.error(t('请填写退回意见', 'Say why it goes back')))}
        okText={t('退回', 'Send back')}
        cancelText={t('取消', 'Cancel')}
        confirmLoading={busy === 'send_back'}
        destroyOnHidden
      >
        <label htmlFor="send-back-note">{t('退回意见（作者将看到）', 'Why (the author sees it)')}</label>
        <Input.TextArea id="send-back-note" rows={3} maxLength={1000} value={note} onChange={(e) => setNote(e.target.value)} />
      </Modal>
    </Drawer>
  );
}
