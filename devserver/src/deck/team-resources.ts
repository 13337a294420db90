/** Boards shared with a team (Deck ACL type 7) are the team's `deck` resources in core's teams API. */
import { teamResourceProviders, type TeamResource } from '../teams/resources.js';
import type { App } from '../context.js';
import type { Team } from '../teams/model.js';
import { deck } from './core.js';

const DECK_ICON =
  '<svg xmlns="http://www.w3.org/2000/svg" height="16" width="16" version="1.1" viewBox="0 0 16 16">\n    <g fill="currentColor">\n        <rect ry="1" height="8" width="14" y="7" x="1"/>\n        <rect ry=".5" height="1" width="12" y="5" x="2"/>\n        <rect ry=".5" height="1" width="10" y="3" x="3"/>\n        <rect ry=".5" height="1" width="8" y="1" x="4"/>\n    </g>\n</svg>\n';

export function deckTeamResources(app: App, team: Team): TeamResource[] {
  const d = deck(app);
  const boardIds = new Set(d.acl.filter((a) => a.type === 7 && a.participant === team.id).map((a) => a.boardId));
  return d.boards
    .filter((b) => boardIds.has(b.id) && b.deletedAt === 0)
    .map((b) => ({
      id: String(b.id),
      label: b.title,
      url: `${app.publicUrl}/apps/deck/board/${b.id}`,
      iconSvg: `<svg xmlns="http://www.w3.org/2000/svg" height="16" width="16" version="1.1" viewBox="0 0 16 16"><g fill="#${b.color}"><rect ry="15" height="14" width="14" y="1" x="1"/></g></svg>`,
      iconURL: `${app.publicUrl}/apps/deck/img/deck-current.svg`,
      iconEmoji: null,
      provider: { id: 'deck', name: 'Deck', icon: DECK_ICON },
    }));
}

let registered = false;

/** Adds the Deck provider to the teams registry once. */
export function registerDeckTeamResources(): void {
  if (registered) return;
  registered = true;
  teamResourceProviders.push(deckTeamResources);
}
