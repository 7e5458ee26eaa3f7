/**
 * On an urgent or emergency case: the lead unit's duty person and phone today, in plain view (S1 §1:
 * units keep a 24-hour duty phone for exactly this); the centre records at once a duty phone that
 * nobody answered (值班电话无人接听, S1 §3 (七)).
 */
import { useState } from 'react';
import { Alert, Button, Space } from 'antd';
import { PhoneOutlined } from '@ant-design/icons';
import { CENTRE_ROLES } from '../../../core/case-lifecycle';
import { useLang } from '../../shared/i18n';
import { useMe } from '../../shared/session';
import type { CaseDetail } from '../../shared/types';
import { DutyFailureModal } from './DutyFailureModal';

/** The urgencies whose case page shows the duty contact (the server's list). */
const URGENT = ['urgent', 'general_emergency', 'major_emergency', 'leader_instructed'];

export function DutyContactAlert({ c }: { c: CaseDetail }) {
  const { t } = useLang();
  const me = useMe();
  const [failing, setFailing] = useState(false);
  if (!URGENT.includes(c.urgency) || !c.leadUnit || c.state === 'closed' || c.state === 'archived') return null;
  const d = c.dutyContact;
  const centre = me.atCentre && (CENTRE_ROLES as readonly string[]).includes(me.role);
  return (
    <>
      <Alert
        type={d ? 'warning' : 'error'}
        showIcon
        icon={<PhoneOutlined />}
        data-testid="duty-contact"
        title={t(`紧急诉求 · ${c.leadUnit.name}今日值班`, `Urgent case · ${c.leadUnit.name} on duty today`)}
        description={
          d ? (
            <Space size={16} wrap align="baseline">
              <span>
                {t('值班人', 'On duty')}：<strong style={{ fontSize: 16 }}>{d.person}</strong>
              </span>
              <span>
                {t('值班电话', 'Duty phone')}：
                <a href={`tel:${d.phone.replace(/[^\d+]/g, '')}`} style={{ fontSize: 20, fontWeight: 700 }} data-testid="duty-phone">
                  {d.phone}
                </a>
              </span>
            </Space>
          ) : (
            t('该单位今日未排班，请通过单位电话或上级单位联系。', 'The unit has nobody on its roster today: call its office or the unit above it.')
          )
        }
        action={
          centre && (
            <Button danger onClick={() => setFailing(true)} data-testid="duty-unanswered">
              {t('值班电话无人接听', 'Duty phone unanswered')}
            </Button>
          )
        }
      />
      {failing && <DutyFailureModal unit={c.leadUnit} phone={d?.phone} caseRef={c.caseNo} onClose={() => setFailing(false)} onDone={() => setFailing(false)} />}
    </>
  );
}
