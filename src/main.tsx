import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './index.css';
import { languageReady } from './i18n/i18n';
import { AppProvider } from './app/provider';
import { createAppRuntime } from './app/runtime';

const container = document.getElementById('root');
if (container === null) throw new Error('index.html has no #root element');

// Created once, outside React, so StrictMode's double render does not build a second router.
const runtime = createAppRuntime();

// The session check has started (the router's loader); an English page waits for its messages (one small
// chunk, loaded meanwhile) rather than flashing German first.
void languageReady.finally(() => {
  createRoot(container).render(
    <StrictMode>
      <AppProvider runtime={runtime} />
    </StrictMode>,
  );
});
