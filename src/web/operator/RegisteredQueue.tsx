/** 待派单 for the operator: the shared queue of registered cases, under its heading. */
import { Typography } from 'antd';
import { useT } from '../shared/i18n';
import { CaseQueue } from '../pages/CaseQueue';

export function RegisteredQueue() {
  const t = useT();
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 20, margin: '0 0 12px' }}>
        {t('待派单', 'Waiting for dispatch')}
      </Typography.Title>
      <CaseQueue query="state=registered" />
    </>
  );
}
