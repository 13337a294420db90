import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';
import { VitePWA } from 'vite-plugin-pwa';
import type { Plugin } from 'vite';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';

/**
 * Writes `.br` and `.gz` next to every text asset of the build, so the gateway (sirv with `brotli`/`gzip`)
 * sends compressed files without compressing per request: on a slow school network the bytes dominate
 * the first paint (docs/benchmarks.md, LCP).
 */
function precompress(): Plugin {
  let outDir = 'dist';
  return {
    name: 'klassenraum-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    async closeBundle() {
      const entries = await readdir(outDir, { recursive: true, withFileTypes: true });
      for (const entry of entries) {
        if (!entry.isFile() || !/\.(js|css|html|svg|json|webmanifest)$/.test(entry.name)) continue;
        const file = path.join(entry.parentPath, entry.name);
        const data = await readFile(file);
        if (data.length < 1024) continue;
        await writeFile(`${file}.br`, brotliCompressSync(data, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }));
        await writeFile(`${file}.gz`, gzipSync(data, { level: 9 }));
      }
    },
  };
}

// The SPA is served by the gateway in production and in the demo; `vite dev` proxies the Nextcloud
// paths to a running gateway (GATEWAY_URL) so the browser still never talks to Nextcloud directly.
const gateway = process.env['GATEWAY_URL'] ?? 'http://localhost:8080';
// '/core', '/dist', '/apps': the static files of Nextcloud's relayed login pages (a real Nextcloud behind the gateway).
// '/branding': the school's logo, relayed by the gateway (gateway/src/branding.ts).
const proxied = ['/auth', '/ocs', '/remote.php', '/index.php', '/api', '/branding', '/core', '/dist', '/apps'];

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
        navigateFallbackDenylist: [/^\/(auth|ocs|remote\.php|index\.php|api|branding)(\/|$)/],
        globPatterns: ['**/*.{js,css,html,svg,png,woff2}'],
        // The LiveKit transport (~140 KiB gzip) is only loaded where the school runs LiveKit, and a call needs
        // the network anyway: not every installed app should download it.
        globIgnores: ['**/livekit-transport-*.js'],
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
          // The school's logo (not part of the app shell, which stays the same for every school): shown from
          // the cache at once and offline, refreshed in the background. Its URL carries Nextcloud's cache buster.
          {
            urlPattern: ({ url, request, sameOrigin }) => sameOrigin && request.method === 'GET' && url.pathname === '/branding/logo',
            handler: 'StaleWhileRevalidate',
            options: {
              cacheName: 'klassenraum-branding',
              cacheableResponse: { statuses: [200] },
              expiration: { maxEntries: 4, maxAgeSeconds: 30 * 24 * 60 * 60, purgeOnQuotaError: true },
            },
          },
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
    precompress(),
  ],
  build: { target: 'es2022', sourcemap: true },
  server: {
    proxy: {
      ...Object.fromEntries(proxied.map((p) => [p, { target: gateway, changeOrigin: false }])),
      // Nextcloud's login form (relayed by the gateway, ADR 0009) posts to /login; GET /login is the app's screen.
      '^/login$': { target: gateway, changeOrigin: false, bypass: (req) => (req.method === 'POST' ? undefined : req.url) },
    },
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
          include: ['gateway/**/*.test.ts', 'devserver/**/*.test.ts', 'scripts/**/*.test.ts', 'deploy/**/*.test.ts'],
          testTimeout: 20_000,
        },
      },
    ],
  },
});
