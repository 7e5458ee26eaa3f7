import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App as AntApp } from 'antd';
import { LangProvider } from './shared/i18n';
import { SessionProvider } from './shared/session';
import { App } from './App';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <LangProvider>
      <AntApp>
        <SessionProvider>
          <App />
        </SessionProvider>
      </AntApp>
    </LangProvider>
  </StrictMode>,
);
