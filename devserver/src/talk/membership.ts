/** Who belongs to a room: user attendees plus the current members of group and team (circle) attendees. */
import type { App } from '../context.js';
import { findSeedGroup, findSeedUser, SEED_USERS } from '../seed.js';

export interface CircleInfo {
  displayName: string;
  members: string[];
}

export type CircleLookup = (app: App, circleId: string) => CircleInfo | null;

let circleLookup: CircleLookup = () => null;

/** The Teams module tells Talk how to resolve a team (circle) id into its name and user members. */
export function setCircleLookup(fn: CircleLookup): void {
  circleLookup = fn;
}

export function findCircle(app: App, circleId: string): CircleInfo | null {
  return circleLookup(app, circleId);
}

export function groupExists(gid: string): boolean {
  return findSeedGroup(gid) !== undefined;
}

/** Members of a group: the seeded school plus users added at runtime. */
export function groupMemberIds(app: App, gid: string): string[] {
  const seeded = SEED_USERS.filter((u) => u.groups.includes(gid)).map((u) => u.id);
  const extra = app.store.data.talk.extraGroupMembers[gid] ?? [];
  return [...new Set([...seeded, ...extra])];
}

/** Adds a user to a group at runtime (the provisioning API's effect); Talk rooms of the group pick the user up. */
export function addGroupMember(app: App, gid: string, uid: string): boolean {
  if (!groupExists(gid) || findSeedUser(uid) === undefined) return false;
  const map = app.store.data.talk.extraGroupMembers;
  const list = map[gid] ?? [];
  if (!list.includes(uid)) list.push(uid);
  map[gid] = list;
  app.store.changed();
  return true;
}

export function displayNameOf(uid: string): string {
  return findSeedUser(uid)?.displayName ?? uid;
}

export function userExists(uid: string): boolean {
  return findSeedUser(uid) !== undefined;
}
