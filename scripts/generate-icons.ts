/**
 * `npx tsx scripts/generate-icons.ts`: renders public/favicon.svg into the PNG app icons the web app manifest
 * names (any and maskable, 192 and 512 px), with Debian's Chromium. Run it when the logo changes; the PNGs
 * are committed.
 */
import { readFileSync } from 'node:fs';
import { chromium } from '@playwright/test';

const svg = readFileSync('public/favicon.svg', 'utf8');
const browser = await chromium.launch({ executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage();
for (const size of [192, 512]) {
  for (const maskable of [false, true]) {
    // Maskable icons keep the logo inside the 80% safe zone on a full-bleed background.
    const inner = maskable ? Math.round(size * 0.7) : size;
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(
      `<html><body style="margin:0;display:grid;place-items:center;width:${size}px;height:${size}px;background:${maskable ? '#1d4ed8' : 'transparent'}">` +
        `<div style="width:${inner}px;height:${inner}px">${svg.replace('<svg ', `<svg width="${inner}" height="${inner}" `)}</div></body></html>`,
    );
    await page.screenshot({ path: `public/icons/icon-${maskable ? 'maskable-' : ''}${size}.png`, omitBackground: !maskable });
  }
}
await browser.close();
