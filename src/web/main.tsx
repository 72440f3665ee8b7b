import '@mantine/core/styles.css';
import { createTheme, MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { App } from './App.js';
import { ApiError } from './api/client.js';
import './i18n/index.js';

const theme = createTheme({
  primaryColor: 'teal',
  fontFamily: '"Noto Sans TC", "PingFang TC", "Microsoft JhengHei", system-ui, sans-serif',
});
/**
 * A 4xx answer (refused, not found, invalid) is the server's decision: asking again gives the same
 * answer, so it is shown at once. Network failures and 5xx are retried (up to 3 times).
 */
const retry = (failures: number, error: unknown) =>
  !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failures < 3;
const queryClient = new QueryClient({
  defaultOptions: { queries: { refetchOnWindowFocus: false, retry }, mutations: { retry: false } },
});

const root = document.getElementById('root');
if (!root) throw new Error('#root missing');
createRoot(root).render(
  <StrictMode>
    <MantineProvider theme={theme}>
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <App />
        </BrowserRouter>
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
