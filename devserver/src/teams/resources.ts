/** Core's teams API: the resources a team gives access to, registered by Files, Deck and Talk. */
import type { App } from '../context.js';
import type { OcsResult } from '../ocs.js';
import type { OcsRoute } from '../router.js';
import type { Team } from './model.js';
import { membershipOf, teamsOf } from './members.js';

/** A resource a team gives access to (a shared folder, a board, a conversation), as core's teams API lists it. */
export interface TeamResource {
  id: string;
  label: string;
  url: string;
  iconSvg: string | null;
  iconURL: string | null;
  iconEmoji: string | null;
  provider: { id: string; name: string; icon: string };
}

export type TeamResourceProvider = (app: App, team: Team) => TeamResource[];

/** Files, Deck and Talk register here what they share with teams. */
export const teamResourceProviders: TeamResourceProvider[] = [];

function resourcesOf(app: App, team: Team): TeamResource[] {
  return teamResourceProviders.flatMap((p) => p(app, team));
}

export const teamsCoreRoutes: OcsRoute[] = [
  {
    method: 'GET',
    path: '/teams/{teamId}/resources',
    handler: ({ ctx, p, auth }): OcsResult => {
      const team = ctx.app.store.data.teams.find((t) => t.id === p['teamId']);
      if (team === undefined || membershipOf(team, auth.uid) === undefined) return { data: { resources: [] } };
      return { data: { resources: resourcesOf(ctx.app, team) } };
    },
  },
  {
    method: 'GET',
    path: '/teams/resources/{providerId}/{resourceId}',
    handler: ({ ctx, p, auth }): OcsResult => {
      const teams = teamsOf(ctx.app, auth.uid).flatMap((team) => {
        const resources = resourcesOf(ctx.app, team);
        if (!resources.some((r) => r.provider.id === p['providerId'] && r.id === p['resourceId'])) return [];
        return [{ teamId: team.id, displayName: team.name, link: `${ctx.app.publicUrl}/`, resources }];
      });
      return { data: { teams } };
    },
  },
];
