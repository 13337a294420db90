/** Server-rendered pages of the browser login flows: plain forms, no JavaScript needed. */
import { escapeHtml } from './http.js';

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} - Nextcloud</title>
<style>
body{font-family:system-ui,sans-serif;background:#00679e;color:#222;margin:0;display:flex;min-height:100vh;align-items:center;justify-content:center}
main{background:#fff;border-radius:12px;padding:2rem;max-width:24rem;width:100%;box-shadow:0 4px 24px rgba(0,0,0,.2)}
label{display:block;margin-top:1rem;font-weight:600}
input[type=text],input[type=password]{width:100%;box-sizing:border-box;padding:.5rem;margin-top:.25rem;font-size:1rem}
button{margin-top:1.5rem;width:100%;padding:.6rem;font-size:1rem;background:#00679e;color:#fff;border:0;border-radius:6px;cursor:pointer}
.warning{color:#b00020;font-weight:600}
</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

function hidden(name: string, value: string): string {
  return `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`;
}

export function loginPage(opts: { redirectUrl: string; requestToken: string; error: string | null; user: string }): string {
  const error = opts.error === null ? '' : `<p class="warning" role="alert">${escapeHtml(opts.error)}</p>\n`;
  return page(
    'Login',
    `<h1>Log in to Nextcloud</h1>
${error}<form method="post" action="/index.php/login" name="login">
<label for="user">Account name or email</label>
<input type="text" name="user" id="user" value="${escapeHtml(opts.user)}" autocomplete="username" autocapitalize="none" spellcheck="false" required>
<label for="password">Password</label>
<input type="password" name="password" id="password" autocomplete="current-password" required>
${hidden('redirect_url', opts.redirectUrl)}
${hidden('requesttoken', opts.requestToken)}
<button type="submit">Log in</button>
</form>`,
  );
}

export function grantPage(opts: {
  action: string;
  clientName: string;
  displayName: string;
  uid: string;
  requestToken: string;
  fields: Record<string, string>;
}): string {
  const fields = Object.entries(opts.fields)
    .map(([k, v]) => hidden(k, v))
    .join('\n');
  return page(
    'Account access',
    `<h1>Account access</h1>
<p>Currently logged in as ${escapeHtml(opts.displayName)} (${escapeHtml(opts.uid)}).</p>
<p>You are about to grant <strong>${escapeHtml(opts.clientName)}</strong> access to your Nextcloud account.</p>
<form method="post" action="${escapeHtml(opts.action)}">
${fields}
${hidden('requesttoken', opts.requestToken)}
<button type="submit">Grant access</button>
</form>`,
  );
}

export function messagePage(title: string, message: string): string {
  return page(title, `<h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(message)}</p>`);
}
