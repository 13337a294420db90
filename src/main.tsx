import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './index.css';
import './i18n/i18n';
import { AppProvider } from './app/provider';
import { createAppRuntime } from './app/runtime';

const container = document.getElementById('root');
if (container === null) throw new Error('index.html has no #root element');

// Created once, outside React, so StrictMode's double render does not build a second router.
const runtime = createAppRuntime();

createRoot(container).render(
  <StrictMode>
    <AppProvider runtime={runtime} />
  </StrictMode>,
);
