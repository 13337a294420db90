/**
 * Teams (the circles app, /ocs/v2.php/apps/circles/...): create, list, details, members (users and whole
 * groups), levels, delete. Objects are shaped like the recorded circles 32 answers, including the
 * "single" circles behind users, groups and the circles app, `initiator` (the viewer's membership) and
 * `inheritedBy`.
 */
import { randomAlnum } from '../auth/auth.js';
import type { App } from '../context.js';
import { str } from '../http.js';
import { OcsError, ocsBadRequest, ocsNotFound, type OcsResult } from '../ocs.js';
import type { OcsRoute } from '../router.js';
import { findSeedGroup, findSeedUser } from '../seed.js';
import type { Team, TeamMember } from './model.js';
import { LEVEL, CONFIG_LOCAL, CONFIG_PERSONAL, type Json, nowS, memberJson, population, membershipOf, teamsOf, levelOf, inheritedBy } from './members.js';

const BASE = '/apps/circles/circles';

function circleJson(app: App, team: Team, viewer: string, opts: { settings: boolean; fresh?: boolean }): Json {
  const ownerMember = team.members.find((m) => m.kind === 'user' && m.ref === team.owner);
  const via = membershipOf(team, viewer) ?? ownerMember;
  const fresh = opts.fresh === true;
  const out: Json = {
    id: team.id,
    name: team.name,
    displayName: team.name,
    sanitizedName: team.name,
    source: 16,
    population: fresh ? 0 : population(team),
    config: team.config,
    description: team.description,
    url: '',
    creation: fresh ? 0 : team.creation,
  };
  if (via !== undefined) {
    out['initiator'] = fresh ? memberJson(app, team, via, { fresh: true }) : memberJson(app, team, via, { inheritedBy: inheritedBy(app, team, viewer, via) });
  }
  if (ownerMember !== undefined) out['owner'] = memberJson(app, team, ownerMember, { fresh });
  if (fresh) out['settings'] = [];
  else if (opts.settings) out['settings'] = { population: population(team), populationInherited: population(team) };
  return out;
}

function findTeam(app: App, id: string | undefined, viewer: string): Team {
  const team = app.store.data.teams.find((t) => t.id === id);
  if (team === undefined || membershipOf(team, viewer) === undefined) throw new OcsError(404, 'Circle not found');
  if ((team.config & CONFIG_PERSONAL) !== 0 && team.owner !== viewer) throw new OcsError(404, 'Circle not found');
  return team;
}

function requireLevel(team: Team, uid: string, level: number): void {
  if (levelOf(team, uid) < level) throw new OcsError(403, 'Insufficient rights');
}

function asBool(v: unknown): boolean {
  return v === true || v === 'true' || v === '1' || v === 1;
}

export const circleRoutes: OcsRoute[] = [
  {
    method: 'GET',
    path: BASE,
    handler: ({ ctx, auth }): OcsResult => ({
      data: teamsOf(ctx.app, auth.uid)
        .filter((t) => (t.config & CONFIG_PERSONAL) === 0 || t.owner === auth.uid)
        .map((t) => circleJson(ctx.app, t, auth.uid, { settings: false })),
    }),
  },
  {
    method: 'POST',
    path: BASE,
    handler: ({ ctx, auth }): OcsResult => {
      const name = (str(ctx.params, 'name') ?? '').trim();
      if (name.length < 3) throw ocsBadRequest('Name is too short');
      const team: Team = {
        id: randomAlnum(31),
        name,
        description: '',
        config: (asBool(ctx.params['local']) ? CONFIG_LOCAL : 0) | (asBool(ctx.params['personal']) ? CONFIG_PERSONAL : 0),
        creation: nowS(ctx.app),
        owner: auth.uid,
        members: [],
      };
      team.members.push({ id: randomAlnum(31), kind: 'user', ref: auth.uid, level: LEVEL.owner, joined: team.creation, invitedBy: auth.uid });
      ctx.app.store.data.teams.push(team);
      ctx.app.store.changed();
      return { data: circleJson(ctx.app, team, auth.uid, { settings: false, fresh: true }) };
    },
  },
  {
    method: 'GET',
    path: `${BASE}/{circleId}`,
    handler: ({ ctx, p, auth }): OcsResult => ({ data: circleJson(ctx.app, findTeam(ctx.app, p['circleId'], auth.uid), auth.uid, { settings: true }) }),
  },
  {
    method: 'DELETE',
    path: `${BASE}/{circleId}`,
    handler: ({ ctx, p, auth }): OcsResult => {
      const team = findTeam(ctx.app, p['circleId'], auth.uid);
      requireLevel(team, auth.uid, LEVEL.owner);
      const data = circleJson(ctx.app, team, auth.uid, { settings: true });
      ctx.app.store.data.teams = ctx.app.store.data.teams.filter((t) => t !== team);
      ctx.app.store.changed();
      return { data };
    },
  },
  {
    method: 'PUT',
    path: `${BASE}/{circleId}/name`,
    handler: ({ ctx, p, auth }): OcsResult => {
      const team = findTeam(ctx.app, p['circleId'], auth.uid);
      requireLevel(team, auth.uid, LEVEL.admin);
      const value = (str(ctx.params, 'value') ?? '').trim();
      if (value.length < 3) throw ocsBadRequest('Name is too short');
      team.name = value;
      ctx.app.store.changed();
      return { data: circleJson(ctx.app, team, auth.uid, { settings: true }) };
    },
  },
  {
    method: 'PUT',
    path: `${BASE}/{circleId}/description`,
    handler: ({ ctx, p, auth }): OcsResult => {
      const team = findTeam(ctx.app, p['circleId'], auth.uid);
      requireLevel(team, auth.uid, LEVEL.admin);
      team.description = str(ctx.params, 'value') ?? '';
      ctx.app.store.changed();
      return { data: circleJson(ctx.app, team, auth.uid, { settings: true }) };
    },
  },
  {
    method: 'GET',
    path: `${BASE}/{circleId}/members`,
    handler: ({ ctx, p, auth }): OcsResult => {
      const team = findTeam(ctx.app, p['circleId'], auth.uid);
      return { data: team.members.map((m) => memberJson(ctx.app, team, m, { basedOnOwner: 'bare' })) };
    },
  },
  {
    method: 'POST',
    path: `${BASE}/{circleId}/members`,
    handler: ({ ctx, p, auth }): OcsResult => {
      const team = findTeam(ctx.app, p['circleId'], auth.uid);
      requireLevel(team, auth.uid, LEVEL.moderator);
      const ref = str(ctx.params, 'userId') ?? '';
      const type = Number(str(ctx.params, 'type') ?? '1');
      let kind: TeamMember['kind'];
      if (type === 1) {
        if (findSeedUser(ref) === undefined) throw new OcsError(400, 'User not found');
        kind = 'user';
      } else if (type === 2) {
        if ((team.config & CONFIG_LOCAL) !== 0) throw new OcsError(131, 'Group members cannot be added to a local team');
        if (findSeedGroup(ref) === undefined) throw new OcsError(400, 'Group not found');
        kind = 'group';
      } else {
        throw new OcsError(400, 'Unsupported member type');
      }
      if (team.members.some((m) => m.kind === kind && m.ref === ref)) throw new OcsError(400, 'Member is already a member of this team');
      const member: TeamMember = { id: randomAlnum(31), kind, ref, level: LEVEL.member, joined: nowS(ctx.app), invitedBy: auth.uid };
      // The answer shows the circle as it was before the new membership was synced (population unchanged).
      const circleBefore = circleJson(ctx.app, team, auth.uid, { settings: true });
      team.members.push(member);
      ctx.app.store.changed();
      const out = memberJson(ctx.app, team, member, { basedOnOwner: 'full' });
      out['notes'] = [];
      out['circle'] = circleBefore;
      return { data: out };
    },
  },
  {
    method: 'PUT',
    path: `${BASE}/{circleId}/members/{memberId}/level`,
    handler: ({ ctx, p, auth }): OcsResult => {
      const team = findTeam(ctx.app, p['circleId'], auth.uid);
      requireLevel(team, auth.uid, LEVEL.admin);
      const member = team.members.find((m) => m.id === p['memberId']);
      if (member === undefined) throw ocsNotFound('Member not found');
      const level = Number(str(ctx.params, 'level'));
      if (![LEVEL.member, LEVEL.moderator, LEVEL.admin].includes(level as 1 | 4 | 8)) throw ocsBadRequest('Invalid level');
      member.level = level;
      ctx.app.store.changed();
      return { data: memberJson(ctx.app, team, member) };
    },
  },
  {
    method: 'DELETE',
    path: `${BASE}/{circleId}/members/{memberId}`,
    handler: ({ ctx, p, auth }): OcsResult => {
      const team = findTeam(ctx.app, p['circleId'], auth.uid);
      const member = team.members.find((m) => m.id === p['memberId']);
      if (member === undefined) throw ocsNotFound('Member not found');
      const self = member.kind === 'user' && member.ref === auth.uid;
      if (!self) requireLevel(team, auth.uid, LEVEL.moderator);
      if (member.level === LEVEL.owner) throw new OcsError(403, 'The owner cannot be removed');
      team.members = team.members.filter((m) => m !== member);
      ctx.app.store.changed();
      return { data: circleJson(ctx.app, team, auth.uid, { settings: true }) };
    },
  },
];
