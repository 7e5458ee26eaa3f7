/** The live indicator beside a list's or a case's title: green while the event stream is connected. */
import { Badge, Tooltip } from 'antd';
import { useT } from './i18n';

export function LiveBadge({ live }: { live: boolean }) {
  const t = useT();
  return (
    <Tooltip title={live ? t('有变化时自动刷新', 'Refreshes by itself when something changes') : t('实时连接已断开，请手动刷新', 'Not connected; refresh by hand')}>
      <Badge status={live ? 'processing' : 'default'} text={live ? t('实时', 'Live') : t('离线', 'Offline')} data-testid="live-badge" />
    </Tooltip>
  );
}
