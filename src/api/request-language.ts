let language: string | null = null;

/**
 * The app's UI language, sent as Accept-Language on every request (the gateway passes it on): Nextcloud renders
 * what it writes for the user (notification subjects, system messages) in it, unless the user set a language in
 * Nextcloud, which wins (docs/adr/0013). null: the browser's own Accept-Language.
 */
export function setRequestLanguage(next: string | null): void {
  language = next;
}

export function requestLanguage(): string | null {
  return language;
}
