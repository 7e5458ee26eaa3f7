/**
 * The desks' density and contrast: tighter form rows so a whole registration fits at 1366×768, and
 * a darker error red (#cf1322, 5.6:1 on white) so error texts and danger buttons pass WCAG AA.
 */
import type { ReactNode } from 'react';
import { ConfigProvider } from 'antd';

export function DeskTheme({ children }: { children: ReactNode }) {
  return (
    <ConfigProvider theme={{ token: { colorError: '#cf1322' }, components: { Form: { itemMarginBottom: 12, verticalLabelPadding: '0 0 2px' }, Card: { headerHeightSM: 36 } } }}>
      {children}
    </ConfigProvider>
  );
}

/** Solid tag colours with white text (AA contrast), for the lead and co-handling units. */
export const LEAD_COLOR = '#ad2102';
export const CO_COLOR = '#0958d9';
