/**
 * 联系群众: the lead unit may see the citizen's number to contact them (DOMAIN.md §7), stating why;
 * the server logs who looked, when and for what. Lists never show it.
 */
import { useState } from 'react';
import { Alert, AutoComplete, Button, Descriptions, Form, Modal, Typography } from 'antd';
import { post } from '../shared/api';
import { useT } from '../shared/i18n';
import { errorText } from './ui';

interface Contact {
  name: string | null;
  phone: string | null;
  idNumber: string | null;
}

export function ContactModal({ target, onClose }: { target: { id: string; caseNo: string; title: string }; onClose: () => void }) {
  const t = useT();
  const purposes = [t('联系诉求人了解情况', 'Ask the citizen about the matter'), t('告知诉求人办理结果', 'Tell the citizen the result'), t('预约现场核实', 'Arrange an on-site check')];
  const [purpose, setPurpose] = useState(purposes[0] ?? '');
  const [contact, setContact] = useState<Contact>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  async function reveal() {
    if (purpose.trim().length < 2) {
      setError(t('请写明用途', 'State the purpose'));
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      setContact(await post<Contact>(`/api/cases/${target.id}/reveal-contact`, { purpose: purpose.trim() }));
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal open title={t('联系群众', 'Contact the citizen')} onCancel={onClose} destroyOnHidden footer={contact ? <Button onClick={onClose}>{t('关闭', 'Close')}</Button> : undefined} onOk={() => void reveal()} okText={t('查看号码', 'Show the number')} cancelText={t('取消', 'Cancel')} confirmLoading={busy}>
      <Typography.Paragraph style={{ color: '#595959' }}>
        {target.caseNo} · {target.title}
      </Typography.Paragraph>
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        title={t('查看将被记录', 'Looking is logged')}
        description={t('诉求人的联系方式属于个人信息：每次查看都会记录查看人、时间和用途，只能用于联系诉求人，不得外传。', 'The citizen’s contact details are personal data: every look is logged with who, when and why; use them only to contact the citizen and never pass them on.')}
      />
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      {contact ? (
        <Descriptions size="small" column={1} bordered>
          <Descriptions.Item label={t('诉求人', 'Citizen')}>{contact.name ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('联系电话', 'Phone')}>
            {contact.phone ? (
              <a href={`tel:${contact.phone}`} data-testid="citizen-phone" style={{ fontSize: 18 }}>
                {contact.phone}
              </a>
            ) : (
              '—'
            )}
          </Descriptions.Item>
        </Descriptions>
      ) : (
        <Form layout="vertical" onFinish={() => void reveal()}>
          <Form.Item label={t('查看用途', 'Purpose')} htmlFor="reveal-purpose" required>
            <AutoComplete id="reveal-purpose" value={purpose} onChange={setPurpose} options={purposes.map((p) => ({ value: p }))} autoFocus />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
