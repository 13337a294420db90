/** The page a login popup ends on in embed mode: it passes a one-time code to the iframe that opened it
 * (same origin only) and closes. Script and markup are static, so the app's strict CSP applies. */
export const POPUP_DONE_HTML = `<!doctype html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Klassenraum</title>
<script src="/auth/popup-done.js" defer></script>
</head>
<body>
<main>
<h1>Klassenraum</h1>
<p id="status" role="status">Anmeldung abgeschlossen. Dieses Fenster schließt sich gleich. / Signed in. This window closes itself.</p>
<p><a href="/" id="open-app" hidden>Klassenraum öffnen / Open Klassenraum</a></p>
</main>
</body>
</html>
`;

export const POPUP_DONE_JS = `(function () {
  var code = location.hash.slice(1);
  history.replaceState(null, '', location.pathname);
  if (window.opener && code) {
    window.opener.postMessage({ type: 'klassenraum-login', code: code }, location.origin);
    setTimeout(function () { window.close(); }, 300);
  } else {
    document.getElementById('open-app').hidden = false;
  }
})();
`;
