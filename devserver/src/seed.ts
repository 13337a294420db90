/** The demo school every development server starts with. Every demo password is `klassenraum`. */

export const DEMO_PASSWORD = 'klassenraum';

export interface SeedUser {
  id: string;
  displayName: string;
  groups: string[];
  email: string | null;
  /** Unix seconds of the first login; fixed so that responses are stable. */
  firstLogin: number;
}

export interface SeedGroup {
  id: string;
  displayName: string;
}

const seedGroups: SeedGroup[] = [
  { id: 'lehrer', displayName: 'Lehrkräfte' },
  { id: 'klasse-7a', displayName: 'Klasse 7a' },
  { id: 'klasse-7b', displayName: 'Klasse 7b' },
];

export const SEED_GROUPS: readonly SeedGroup[] = seedGroups;

const FIRST_LOGIN = 1_767_225_600; // 2026-01-01T00:00:00Z

function user(id: string, displayName: string, groups: string[]): SeedUser {
  return { id, displayName, groups, email: null, firstLogin: FIRST_LOGIN };
}

const seedUsers: SeedUser[] = [
  user('schmidt', 'Frau Schmidt', ['lehrer', 'klasse-7a']),
  user('mueller', 'Herr Müller', ['lehrer', 'klasse-7b']),
  user('s7a1', 'Lena Becker', ['klasse-7a']),
  user('s7a2', 'Jonas Weber', ['klasse-7a']),
  user('s7a3', 'Emma Wagner', ['klasse-7a']),
  user('s7a4', 'Mia Schulz', ['klasse-7a']),
  user('s7a5', 'Paul Hoffmann', ['klasse-7a']),
  user('s7a6', 'Leon Braun', ['klasse-7a']),
  user('s7b1', 'Hannah Koch', ['klasse-7b']),
  user('s7b2', 'Felix Richter', ['klasse-7b']),
  user('s7b3', 'Sophie Klein', ['klasse-7b']),
];

export const SEED_USERS: readonly SeedUser[] = seedUsers;

/**
 * Load tests ("8:00 on Monday", scripts/bench/monday.ts) need many students: adds `s7a-0001` … in class 7a
 * (display name "Schüler 0001", password `klassenraum`). The seed is per process: only for a dev server in
 * its own process (DevServerOptions.extraStudents, env DEVSERVER_EXTRA_STUDENTS). Idempotent.
 */
export function addExtraStudents(count: number): void {
  for (let i = 1; i <= count; i++) {
    const n = String(i).padStart(4, '0');
    if (!seedUsers.some((u) => u.id === `s7a-${n}`)) seedUsers.push(user(`s7a-${n}`, `Schüler ${n}`, ['klasse-7a']));
  }
}

/** Second demo schools a dev server can add to the demo school (DevServerOptions.extraSchool). */
export type ExtraSchool = 'ucsatschool';

/**
 * A UCS@school school "gym-kassel" as its LDAP reaches Nextcloud: class groups `gym-kassel-<class>`, the
 * school's teachers in `lehrer-gym-kassel`, its students in `schueler-gym-kassel`; group display names are
 * the LDAP cn (the group id). Anna Roth teaches 7a but is not a member of its group (only assigned teachers
 * are); Jan Vogel is assigned to 7b. Like addExtraStudents: per process, idempotent.
 */
export function addUcsSchool(): void {
  const groups = ['lehrer-gym-kassel', 'schueler-gym-kassel', 'gym-kassel-7a', 'gym-kassel-7b'];
  for (const id of groups) if (!seedGroups.some((g) => g.id === id)) seedGroups.push({ id, displayName: id });
  const users: [string, string, string[]][] = [
    ['anna.roth', 'Anna Roth', ['lehrer-gym-kassel']],
    ['jan.vogel', 'Jan Vogel', ['lehrer-gym-kassel', 'gym-kassel-7b']],
    ['ben.kraus', 'Ben Kraus', ['schueler-gym-kassel', 'gym-kassel-7a']],
    ['lea.fuchs', 'Lea Fuchs', ['schueler-gym-kassel', 'gym-kassel-7a']],
    ['tom.berg', 'Tom Berg', ['schueler-gym-kassel', 'gym-kassel-7b']],
  ];
  for (const [id, name, memberOf] of users) if (!seedUsers.some((u) => u.id === id)) seedUsers.push(user(id, name, memberOf));
}

export function findSeedUser(id: string): SeedUser | undefined {
  return SEED_USERS.find((u) => u.id === id);
}

/** Nextcloud lets people log in with their account name or their email address, case-insensitively. */
export function findUserByLogin(login: string): SeedUser | undefined {
  const l = login.trim().toLowerCase();
  return SEED_USERS.find((u) => u.id.toLowerCase() === l || (u.email !== null && u.email.toLowerCase() === l));
}

export function findSeedGroup(id: string): SeedGroup | undefined {
  return SEED_GROUPS.find((g) => g.id === id);
}
