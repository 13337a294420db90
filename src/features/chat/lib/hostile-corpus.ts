/**
 * Messages that try to run code, navigate or disguise themselves. The renderer's unit tests and the
 * chat e2e post every one and assert that nothing happens. `window.__pwned` is the canary they try to set.
 */
export const hostileMessages: readonly string[] = [
  '<script>window.__pwned = 1</script>',
  '<img src=x onerror="window.__pwned=1">',
  '<svg onload="window.__pwned=1"><circle r="10"/></svg>',
  '<iframe src="javascript:window.__pwned=1"></iframe>',
  '[klick](javascript:window.__pwned=1)',
  '[klick](jav&#x61;script:window.__pwned=1)',
  '[klick](jav&#97;script&colon;window.__pwned=1)',
  '[klick](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD0xPC9zY3JpcHQ+)',
  '[klick]( javascript:window.__pwned=1 "title")',
  '<a href="javascript:window.__pwned=1">klick</a>',
  '![bild](javascript:window.__pwned=1)',
  '<details open ontoggle="window.__pwned=1">x</details>',
  '<style>body{display:none}</style>',
  '<form action="javascript:window.__pwned=1"><button>los</button></form>',
  '`<script>window.__pwned=1</script>`',
  '```html\n<script>window.__pwned=1</script>\n```',
  'Datei: \u202Egpj.exe \u2067rechts\u2069 [\u202Eknil](https://example.org)',
  '<meta http-equiv="refresh" content="0;url=javascript:window.__pwned=1">',
  '[x](vbscript:msgbox(1))',
  '> <img src=x onerror=window.__pwned=1>',
  '- [x](javascript:window.__pwned=1)\n- <svg/onload=window.__pwned=1>',
];

/** A 32 KB message (Talk's limit is 32,000 characters). */
export const hugeMessage = ('Sehr lange Nachricht. **fett** <b>x</b> ').repeat(900).slice(0, 32_000);
