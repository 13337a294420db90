/**
 * The class space model (docs/adr/0004-class-space-model.md): a class is a Nextcloud group `klasse-<id>`.
 * Its space is three parts, each shared with that group and found again by a stable name:
 * the folder `/Klassen/Klasse <id>` (read-only for students; hand-ins go through assignments), the Talk group conversation
 * `Klasse <id>` whose description carries the marker `klassenraum:class=<group>`, and the Deck board
 * `Klasse <id>` with an ACL for the group. These names are data on the server, the same in every language.
 */

export const CLASS_GROUP_PREFIX = 'klasse-';
export const TEACHER_GROUP = 'lehrer';
export const CLASSES_FOLDER = '/Klassen';
export const BOARD_COLOR = '0082C9';

export interface ClassGroup {
  /** The Nextcloud group, e.g. "klasse-7a". */
  groupId: string;
  /** The id in the app's URLs, e.g. "7a" (/klassen/7a). */
  classId: string;
  /** The name of every part, e.g. "Klasse 7a". */
  name: string;
}

/** "klasse-7a" → { classId: "7a", name: "Klasse 7a" }; any other group → null. */
export function classGroupOf(groupId: string): ClassGroup | null {
  if (!groupId.startsWith(CLASS_GROUP_PREFIX)) return null;
  const classId = groupId.slice(CLASS_GROUP_PREFIX.length);
  if (classId === '' || !/^[\p{L}\p{N}_-]+$/u.test(classId)) return null;
  return { groupId, classId, name: `Klasse ${classId}` };
}

export function classGroupsOf(groups: readonly string[]): ClassGroup[] {
  return groups
    .map(classGroupOf)
    .filter((g): g is ClassGroup => g !== null)
    .sort((a, b) => a.classId.localeCompare(b.classId, 'de', { numeric: true }));
}

export function isTeacher(groups: readonly string[]): boolean {
  return groups.includes(TEACHER_GROUP);
}

export function folderPathOf(group: ClassGroup): string {
  return `${CLASSES_FOLDER}/${group.name}`;
}

/** The line in the Talk room description that ties the room to its class group. */
export function roomMarkerOf(group: ClassGroup): string {
  return `klassenraum:class=${group.groupId}`;
}

const MARKER_PATTERN = /(?:^|\n)klassenraum:class=(\S+)\s*(?:\n|$)/;

/** The class group a room description names, or null. */
export function groupInRoomDescription(description: string): string | null {
  return MARKER_PATTERN.exec(description)?.[1] ?? null;
}

/** Adds the marker to a description a teacher may have written, keeping their text. */
export function descriptionWithMarker(description: string, group: ClassGroup): string {
  const marker = roomMarkerOf(group);
  const trimmed = description.trim();
  return trimmed === '' ? marker : `${trimmed}\n\n${marker}`;
}

export function lastSegment(path: string): string {
  const parts = path.split('/').filter((p) => p !== '');
  return parts[parts.length - 1] ?? '';
}
