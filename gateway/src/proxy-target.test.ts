import { describe, expect, it } from 'vitest';
import { proxyTarget } from './proxy-target.js';

describe('proxyTarget', () => {
  it.each([
    ['/ocs/v2.php/cloud/user', 'api'],
    ['/ocs/v1.php/cloud/users/s7a1?format=json', 'api'],
    ['/remote.php/dav/files/schmidt/Klasse%207a/Arbeitsbl%C3%A4tter', 'api'],
    ['/remote.php/dav', 'api'],
    ['/remote.php/dav/uploads/schmidt/web-upload-1/00001', 'api'],
    ['/index.php/apps/deck/api/v1.0/boards?details=true', 'api'],
    ['/index.php/avatar/schmidt/64', 'image'],
    ['/index.php/core/preview?fileId=12&x=64&y=64', 'image'],
    ['/index.php/core/preview.png?file=/a.png', 'image'],
  ])('relays %s as %s', (url, kind) => {
    expect(proxyTarget(url)).toEqual({ kind, path: url });
  });

  it.each([
    'http://evil.example/ocs/v2.php/cloud/user',
    '//evil.example/ocs/v2.php/cloud/user',
    '/ocs/v2.php/../../etc/passwd',
    '/ocs/v2.php/%2e%2e/%2e%2e/status.php',
    '/ocs/v2.php/%2E%2E/x',
    '/remote.php/dav/files/s7a1/..%2f..%2fschmidt',
    '/remote.php/dav/files/s7a1/a%5cb',
    '/remote.php/dav/files/s7a1//etc',
    '/remote.php/dav/files/s7a1/x%00y',
    '/ocs/v2.php/cloud/user\\..\\..',
    '/ocs/v2.php/cloud/user#frag',
    '/ocs/v2.php/%zz',
    '/index.php/login/v2',
    '/index.php/apps/oauth2/api/v1/token',
    '/index.php/core/previewX',
    '/remote.php/webdav/',
    '/status.php',
    '/index.php/settings/admin',
  ])('refuses %s', (url) => {
    expect(proxyTarget(url)).toBeNull();
  });
});
