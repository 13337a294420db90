/**
 * Thin seams around window navigation, so components stay testable (jsdom cannot navigate)
 * and every new window is opened without access to this one.
 */

export function navigateTo(url: string): void {
  window.location.assign(url);
}

/** Opens a URL in a new tab/window with noopener and noreferrer. */
export function openInNewWindow(url: string): void {
  window.open(url, '_blank', 'noopener,noreferrer');
}
