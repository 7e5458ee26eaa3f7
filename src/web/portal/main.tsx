import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App as AntApp } from 'antd';
import { LangProvider } from '../shared/i18n';
import { Portal } from './Portal';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <LangProvider>
      <AntApp>
        <Portal />
      </AntApp>
    </LangProvider>
  </StrictMode>,
);
