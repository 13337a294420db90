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
import { findSeedGroup, findSeedUser, SEED_USERS } from '../seed.js';
import type { Team, TeamMember } from './model.js';

export const LEVEL = { member: 1, moderator: 4, admin: 8, owner: 9 } as const;
const CONFIG_LOCAL = 4096;
/** A personal team: only its owner sees it (members still are members, e.g. for shares). */
const CONFIG_PERSONAL = 2;
const BASE = '/apps/circles/circles';

type Json = Record<string, unknown>;

function nowS(app: App): number {
  return Math.floor(app.now() / 1000);
}

function instance(app: App): string {
  return new URL(app.publicUrl).host;
}

/** The single circle behind a user, a group or the circles app, created on first use. */
function single(app: App, key: string): { id: string; creation: number; ownerMemberId: string } {
  const map = app.store.data.singleIds;
  let s = map[key];
  if (s === undefined) {
    s = { id: randomAlnum(31), creation: nowS(app), ownerMemberId: randomAlnum(31) };
    map[key] = s;
    app.store.changed();
  }
  return s;
}

function userName(uid: string): string {
  return findSeedUser(uid)?.displayName ?? uid;
}

export function groupMembers(gid: string): string[] {
  return SEED_USERS.filter((u) => u.groups.includes(gid)).map((u) => u.id);
}

/** Users reached by a membership: the user itself or every member of the group. */
function usersOf(m: TeamMember): string[] {
  return m.kind === 'user' ? [m.ref] : groupMembers(m.ref);
}

/** The circle "basedOn" a member: the user's, group's or app's single circle. */
function appSingle(app: App, withOwner: boolean): Json {
  const s = single(app, 'app:circles');
  const circle: Json = {
    id: s.id,
    name: `app:circles:${s.id}`,
    displayName: 'Circles',
    sanitizedName: '',
    source: 10001,
    population: 0,
    config: 8193,
    description: '',
    url: '',
    creation: s.creation,
    initiator: null,
  };
  if (withOwner) circle['owner'] = bareMember(app, s.ownerMemberId, s.id, s.id, 'circles', 10000, 'Circles', s.creation);
  return circle;
}

function bareMember(app: App, id: string, circleId: string, singleId: string, userId: string, userType: number, displayName: string, joined: number): Json {
  return {
    id,
    circleId,
    singleId,
    userId,
    userType,
    instance: instance(app),
    local: true,
    level: LEVEL.owner,
    status: 'Member',
    displayName,
    displayUpdate: joined,
    notes: [],
    contactId: '',
    contactMeta: '',
    joined,
  };
}

function userSingle(app: App, uid: string, opts: { owner: boolean; displayName?: string; creation?: number }): Json {
  const s = single(app, `user:${uid}`);
  const circle: Json = {
    id: s.id,
    name: `user:${uid}:${s.id}`,
    displayName: opts.displayName ?? userName(uid),
    sanitizedName: '',
    source: 1,
    population: 0,
    config: 1,
    description: '',
    url: '',
    creation: opts.creation ?? s.creation,
    initiator: null,
  };
  if (opts.owner) circle['owner'] = bareMember(app, s.id, s.id, s.id, uid, 1, userName(uid), s.creation);
  return circle;
}

type OwnerDetail = 'none' | 'bare' | 'full';

function groupSingle(app: App, gid: string, ownerDetail: OwnerDetail): Json {
  const s = single(app, `group:${gid}`);
  const app1 = single(app, 'app:circles');
  const owner = bareMember(app, s.ownerMemberId, s.id, app1.id, 'circles', 10000, 'Circles', s.creation);
  if (ownerDetail === 'full') owner['basedOn'] = appSingle(app, false);
  const circle: Json = {
    id: s.id,
    name: `group:${gid}`,
    displayName: gid,
    sanitizedName: '',
    source: 2,
    population: groupMembers(gid).length,
    config: 1540,
    description: '',
    url: '',
    creation: s.creation,
    initiator: null,
  };
  if (ownerDetail !== 'none') circle['owner'] = owner;
  return circle;
}

/** A federated user: who invited a member. */
function invitedBy(app: App, m: TeamMember): Json {
  if (m.kind === 'group') {
    const s = single(app, 'app:circles');
    return { id: s.id, userId: 'circles', userType: 10000, displayName: 'Circles', instance: instance(app), basedOn: appSingle(app, false) };
  }
  const s = single(app, `user:${m.invitedBy}`);
  return {
    id: s.id,
    userId: m.invitedBy,
    userType: 1,
    displayName: m.invitedBy,
    instance: instance(app),
    basedOn: userSingle(app, m.invitedBy, { owner: false, displayName: m.invitedBy, creation: 0 }),
  };
}

interface MemberOpts {
  /** Right after creation Nextcloud answers `notes: []` and the raw ids as display names. */
  fresh?: boolean;
  /** How much of the owner of the member's single circle to show (the answers differ per endpoint). */
  basedOnOwner?: OwnerDetail;
  inheritedBy?: Json;
}

export function memberJson(app: App, team: Team, m: TeamMember, opts: MemberOpts = {}): Json {
  const fresh = opts.fresh === true;
  const singleKey = m.kind === 'user' ? `user:${m.ref}` : `group:${m.ref}`;
  const displayName = m.kind === 'group' || fresh ? m.ref : userName(m.ref);
  const out: Json = {
    id: m.id,
    circleId: team.id,
    singleId: single(app, singleKey).id,
    userId: m.ref,
    userType: m.kind === 'user' ? 1 : 16,
    instance: instance(app),
    local: true,
    level: m.level,
    status: 'Member',
    displayName,
    displayUpdate: fresh ? 0 : m.joined,
    notes: fresh ? [] : { invitedBy: invitedBy(app, m) },
    contactId: '',
    contactMeta: '',
    joined: fresh ? 0 : m.joined,
    invitedBy: invitedBy(app, m),
  };
  const ownerDetail = opts.basedOnOwner ?? 'none';
  if (m.kind === 'group') out['basedOn'] = groupSingle(app, m.ref, ownerDetail);
  else out['basedOn'] = fresh ? userSingle(app, m.ref, { owner: false, displayName: m.ref, creation: 0 }) : userSingle(app, m.ref, { owner: ownerDetail !== 'none' });
  if (opts.inheritedBy !== undefined) out['inheritedBy'] = opts.inheritedBy;
  return out;
}

function population(team: Team): number {
  return team.members.reduce((n, m) => n + usersOf(m).length, 0);
}

/** The membership through which `uid` belongs to the team (direct first), or undefined. */
export function membershipOf(team: Team, uid: string): TeamMember | undefined {
  return team.members.find((m) => m.kind === 'user' && m.ref === uid) ?? team.members.find((m) => m.kind === 'group' && groupMembers(m.ref).includes(uid));
}

export function teamsOf(app: App, uid: string): Team[] {
  return app.store.data.teams.filter((t) => membershipOf(t, uid) !== undefined);
}

/** Effective level of a user in a team (the highest of direct and group memberships). */
export function levelOf(team: Team, uid: string): number {
  return team.members.filter((m) => usersOf(m).includes(uid)).reduce((max, m) => Math.max(max, m.level), 0);
}

export function teamUsers(team: Team): string[] {
  return [...new Set(team.members.flatMap(usersOf))];
}

function inheritedBy(app: App, team: Team, uid: string, via: TeamMember): Json {
  const userSingleId = single(app, `user:${uid}`).id;
  const viaSingle = single(app, via.kind === 'user' ? `user:${via.ref}` : `group:${via.ref}`).id;
  const direct = via.kind === 'user';
  return {
    id: userSingleId,
    userId: uid,
    userType: 1,
    displayName: userName(uid),
    instance: instance(app),
    inheritance: {
      singleId: userSingleId,
      circleId: team.id,
      circleConfig: team.config,
      level: via.level,
      inheritanceFirst: direct ? userSingleId : viaSingle,
      inheritanceLast: direct ? team.id : viaSingle,
      inheritancePath: direct ? [userSingleId] : [viaSingle, userSingleId],
      inheritanceDepth: direct ? 1 : 2,
    },
  };
}

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
