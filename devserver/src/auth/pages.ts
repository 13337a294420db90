/** Server-rendered pages of the browser login flows: plain forms, no JavaScript needed. */
import { escapeHtml } from '../http.js';

/** What Nextcloud's templates put on `<head>`: the session's requesttoken, and the user once signed in. */
export interface PageSession {
  requestToken: string;
  uid: string | null;
}

function headAttributes(session: PageSession | undefined): string {
  if (session === undefined) return '';
  const user = session.uid === null ? '' : ` data-user="${escapeHtml(session.uid)}"`;
  return ` data-requesttoken="${escapeHtml(session.requestToken)}"${user}`;
}

function page(title: string, body: string, session?: PageSession, fullTitle = `${title} - Nextcloud`): string {
  return `<!DOCTYPE html>
<html lang="en">
<head${headAttributes(session)}>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(fullTitle)}</title>
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

/** The login form as Nextcloud 32 renders it (web-session.json): action `/login`, the requesttoken and the
 * timezone fields; `redirect_url` only when there is one. */
export function loginPage(opts: { redirectUrl: string | null; session: PageSession; error: string | null; user: string }): string {
  const error = opts.error === null ? '' : `<p class="warning" role="alert">${escapeHtml(opts.error)}</p>\n`;
  const redirect = opts.redirectUrl === null ? '' : `${hidden('redirect_url', opts.redirectUrl)}\n`;
  return page(
    'Login',
    `<h1>Log in to Nextcloud</h1>
${error}<form method="post" action="/login" name="login">
<label for="user">Account name or email</label>
<input type="text" name="user" id="user" value="${escapeHtml(opts.user)}" autocomplete="username" autocapitalize="none" spellcheck="false" required>
<label for="password">Password</label>
<input type="password" name="password" id="password" autocomplete="current-password" required>
${hidden('requesttoken', opts.session.requestToken)}
${hidden('timezone', 'UTC')}
${hidden('timezone_offset', '0')}
${redirect}<button type="submit">Log in</button>
</form>`,
    opts.session,
    'Login \u2013 Nextcloud',
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
    { requestToken: opts.requestToken, uid: opts.uid },
  );
}

export function messagePage(title: string, message: string, session?: PageSession, fullTitle?: string): string {
  return page(title, `<h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(message)}</p>`, session, fullTitle);
}

/** A signed-in app page (the Files app stands for all of them): title in the demo users' language (German). */
export function appPage(title: string, session: PageSession): string {
  return page(title, `<h1>${escapeHtml(title)}</h1>`, session);
}
