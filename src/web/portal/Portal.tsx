/** The citizen portal (mobile-first): placeholder shell; its pages come in the portal area. */
import { Typography } from 'antd';
import { useT } from '../shared/i18n';

export function Portal() {
  const t = useT();
  return (
    <main style={{ maxWidth: 720, margin: '0 auto', padding: 16 }}>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {t('12345 政务服务便民热线', '12345 Government Service Hotline')}
      </Typography.Title>
    </main>
  );
}
