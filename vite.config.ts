import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';

// The SPA is served by the gateway in production and in the demo; `vite dev` proxies the Nextcloud
// paths to a running gateway (GATEWAY_URL) so the browser still never talks to Nextcloud directly.
const gateway = process.env['GATEWAY_URL'] ?? 'http://localhost:8080';
const proxied = ['/auth', '/ocs', '/remote.php', '/index.php', '/api'];

export default defineConfig({
  plugins: [react(), tailwindcss()],
  build: { target: 'es2022', sourcemap: true },
  server: {
    proxy: Object.fromEntries(proxied.map((p) => [p, { target: gateway, changeOrigin: false }])),
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'web',
          environment: 'jsdom',
          include: ['src/**/*.test.{ts,tsx}'],
        },
      },
      {
        extends: true,
        test: {
          name: 'server',
          environment: 'node',
          include: ['gateway/**/*.test.ts', 'devserver/**/*.test.ts', 'scripts/**/*.test.ts'],
          testTimeout: 20_000,
        },
      },
    ],
  },
});
