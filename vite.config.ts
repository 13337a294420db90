import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';
import { VitePWA } from 'vite-plugin-pwa';

// The SPA is served by the gateway in production and in the demo; `vite dev` proxies the Nextcloud
// paths to a running gateway (GATEWAY_URL) so the browser still never talks to Nextcloud directly.
const gateway = process.env['GATEWAY_URL'] ?? 'http://localhost:8080';
const proxied = ['/auth', '/ocs', '/remote.php', '/index.php', '/api'];

export default defineConfig({
  plugins: [
    react(),
    tailwindcss(),
    // Installable app: manifest, icons and a service worker that precaches the app shell. Gateway paths
    // (login, Nextcloud APIs) always go to the network; the app asks before activating a new version.
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      includeAssets: ['favicon.svg'],
      manifest: {
        name: 'Klassenraum',
        short_name: 'Klassenraum',
        description: 'Deine Klassen mit Dateien, Chat, Aufgaben und Videostunden – auf dem Nextcloud deiner Schule.',
        lang: 'de',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'any',
        background_color: '#f8fafc',
        theme_color: '#1d4ed8',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-maskable-192.png', sizes: '192x192', type: 'image/png', purpose: 'maskable' },
          { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/(auth|ocs|remote\.php|index\.php|api)(\/|$)/],
        globPatterns: ['**/*.{js,css,html,svg,png,woff2}'],
        cleanupOutdatedCaches: true,
        // The first install takes over the open page at once, so files opened on the very first visit are
        // already kept for offline use. Later versions still wait for the update prompt.
        clientsClaim: true,
        // Offline data (docs/adr/0007-offline-data.md): the content of files the user opened, network first,
        // GET only (the app's readFile sends Accept: */*; folder listings are PROPFINDs, kept by the app).
        // The app deletes this cache at the login screen and when another user signs in
        // (src/app/offline-cache.ts, OPENED_FILES_CACHE). Nextcloud's blanket no-cache headers are not
        // a per-file signal, so they do not stop this cache; its entries are bounded in number and age.
        runtimeCaching: [
          {
            urlPattern: ({ url, request, sameOrigin }) =>
              sameOrigin && request.method === 'GET' && url.pathname.startsWith('/remote.php/dav/files/'),
            handler: 'NetworkFirst',
            options: {
              cacheName: 'klassenraum-opened-files',
              networkTimeoutSeconds: 10,
              cacheableResponse: { statuses: [200] },
              expiration: { maxEntries: 100, maxAgeSeconds: 7 * 24 * 60 * 60, purgeOnQuotaError: true },
              matchOptions: { ignoreVary: true },
            },
          },
        ],
      },
    }),
  ],
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
