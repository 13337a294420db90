/**
 * Teams (circles) as the circles app models them: levels, the single circles behind users, groups and the
 * app, members and their JSON, memberships and effective levels.
 */
import { randomAlnum } from '../auth/auth.js';
import type { App } from '../context.js';
import { findSeedUser, SEED_USERS } from '../seed.js';
import type { Team, TeamMember } from './model.js';

export const LEVEL = { member: 1, moderator: 4, admin: 8, owner: 9 } as const;
export const CONFIG_LOCAL = 4096;
/** A personal team: only its owner sees it (members still are members, e.g. for shares). */
export const CONFIG_PERSONAL = 2;

export type Json = Record<string, unknown>;

export function nowS(app: App): number {
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

export function population(team: Team): number {
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

export function inheritedBy(app: App, team: Team, uid: string, via: TeamMember): Json {
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
