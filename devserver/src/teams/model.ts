/** A Team (circle) member: a user or a whole group. */
export interface TeamMember {
  id: string;
  kind: 'user' | 'group';
  /** user id or group id */
  ref: string;
  level: number;
  joined: number;
  invitedBy: string;
}

export interface Team {
  id: string;
  name: string;
  description: string;
  config: number;
  creation: number;
  owner: string;
  members: TeamMember[];
}

/** A files_sharing share of a file or folder. */
export interface ShareRow {
  id: number;
  owner: string;
  fileId: number;
  /** 0 user, 1 group, 7 team (circle), 10 Talk room */
  shareType: number;
  shareWith: string;
  permissions: number;
  stime: number;
  note: string;
  label: string;
  expiration: string | null;
}

/** Teams (circles) and shares in the state file. */
export interface TeamsState {
  teams: Team[];
  shares: ShareRow[];
  /** Stable ids of the "single" circles behind users, groups and the circles app (`user:x`, `group:x`, `app:circles`). */
  singleIds: Record<string, { id: string; creation: number; ownerMemberId: string }>;
}

export function emptyTeamsState(): TeamsState {
  return { teams: [], shares: [], singleIds: {} };
}
