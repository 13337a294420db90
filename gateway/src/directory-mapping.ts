/**
 * The school's directory mapping (docs/adr/0014-directory-mapping.md): which Nextcloud groups are classes and
 * which make a teacher. One `DirectorySettings` object per school (a preset plus overrides), resolved and
 * checked once at start into the `DirectoryMapping` the app receives with `GET /api/config`. A gateway that
 * serves several schools would carry one settings object per school.
 */
import { z } from 'zod';
import type { DirectoryMapping } from '../../src/api/gateway-contract.js';
import { readJsonFile } from './json-file.js';

export const PRESETS = ['klassenraum', 'ucsatschool'] as const;
export type PresetName = (typeof PRESETS)[number];

const CLASS_PLACEHOLDER = '{class}';

/** What an admin writes (file or environment); every field but `preset` overrides the preset's value. */
export const directorySettingsSchema = z
  .object({
    preset: z.enum(PRESETS).default('klassenraum'),
    /** The UCS@school school (OU) name, e.g. "gym-kassel"; needed by the ucsatschool preset. */
    school: z.string().optional(),
    classGroup: z.string().optional(),
    className: z.string().optional(),
    teacherGroups: z.array(z.string()).optional(),
    studentGroups: z.array(z.string()).optional(),
  })
  .strict();
export type DirectorySettings = z.input<typeof directorySettingsSchema>;

export class DirectoryConfigError extends Error {}

/** UCS names a school (OU) with letters, digits and hyphens; the name becomes part of group names. */
const SCHOOL_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9_-]*[A-Za-z0-9])?$/;

function presetMapping(preset: PresetName, school: string | undefined): DirectoryMapping {
  if (preset === 'klassenraum') {
    return { preset, classGroup: 'klasse-{class}', className: 'Klasse {class}', teacherGroups: ['lehrer'], studentGroups: [] };
  }
  if (school === undefined || school === '') {
    throw new DirectoryConfigError('The ucsatschool preset needs the school (OU) name: DIRECTORY_SCHOOL=gym-kassel (or "school" in the file).');
  }
  if (!SCHOOL_NAME.test(school)) {
    throw new DirectoryConfigError(`DIRECTORY_SCHOOL: "${school}" is not a UCS@school school (OU) name (letters, digits, "-", "_").`);
  }
  // UCS@school: classes and workgroups are "<school>-<name>", the school's teachers "lehrer-<school>",
  // its students "schueler-<school>" (docs/deployment.md, "UCS@school").
  return {
    preset,
    classGroup: `${school}-${CLASS_PLACEHOLDER}`,
    className: `Klasse ${CLASS_PLACEHOLDER}`,
    teacherGroups: [`lehrer-${school}`],
    studentGroups: [`schueler-${school}`],
  };
}

function count(text: string, part: string): number {
  return text.split(part).length - 1;
}

function matchesClassGroup(classGroup: string, groupId: string): boolean {
  const [prefix = '', suffix = ''] = classGroup.split(CLASS_PLACEHOLDER);
  return groupId.length > prefix.length + suffix.length && groupId.startsWith(prefix) && groupId.endsWith(suffix);
}

/** Every problem of a mapping, as lines for the start error (empty: the mapping is usable). */
export function mappingProblems(m: DirectoryMapping): string[] {
  const problems: string[] = [];
  if (count(m.classGroup, CLASS_PLACEHOLDER) !== 1) {
    problems.push(`classGroup "${m.classGroup}" must contain ${CLASS_PLACEHOLDER} exactly once, e.g. "klasse-{class}".`);
  } else if (m.classGroup === CLASS_PLACEHOLDER) {
    problems.push(`classGroup "${m.classGroup}" needs a fixed part (e.g. "klasse-{class}"): otherwise every group would be a class.`);
  } else if (/[{}]/.test(m.classGroup.replace(CLASS_PLACEHOLDER, ''))) {
    problems.push(`classGroup "${m.classGroup}" may contain no other "{" or "}".`);
  }
  if (!m.className.includes(CLASS_PLACEHOLDER)) {
    problems.push(`className "${m.className}" must contain ${CLASS_PLACEHOLDER}, e.g. "Klasse {class}".`);
  }
  if (/[/\\]/.test(m.className) || m.className.trim() !== m.className) {
    problems.push(`className "${m.className}" names a folder: no "/" or "\\", no leading or trailing space.`);
  }
  const teachers = m.teacherGroups.filter((g) => g.trim() !== '');
  if (teachers.length === 0) problems.push('teacherGroups: at least one group must make a teacher, e.g. "lehrer".');
  if ([...m.teacherGroups, ...m.studentGroups].some((g) => g.trim() === '')) problems.push('teacherGroups/studentGroups: empty group name.');
  const wellFormed = count(m.classGroup, CLASS_PLACEHOLDER) === 1;
  for (const group of m.teacherGroups) {
    if (wellFormed && matchesClassGroup(m.classGroup, group)) problems.push(`teacher group "${group}" would also be a class (${m.classGroup}).`);
  }
  return problems;
}

/** A preset plus overrides → the mapping; throws DirectoryConfigError listing every problem. */
export function resolveDirectoryMapping(input: DirectorySettings | Record<string, unknown>, source = 'directory mapping'): DirectoryMapping {
  const parsed = directorySettingsSchema.safeParse(input);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(settings)'}: ${i.message}`);
    throw new DirectoryConfigError(`Invalid ${source}:\n${lines.join('\n')}\nPresets: ${PRESETS.join(', ')}.`);
  }
  const s = parsed.data;
  let base: DirectoryMapping;
  try {
    base = presetMapping(s.preset, s.school);
  } catch (err) {
    if (err instanceof DirectoryConfigError) throw new DirectoryConfigError(`Invalid ${source}:\n  ${err.message}`);
    throw err;
  }
  const custom = s.classGroup !== undefined || s.className !== undefined || s.teacherGroups !== undefined || s.studentGroups !== undefined;
  const mapping: DirectoryMapping = {
    preset: custom ? 'custom' : base.preset,
    classGroup: s.classGroup ?? base.classGroup,
    className: s.className ?? base.className,
    teacherGroups: s.teacherGroups ?? base.teacherGroups,
    studentGroups: s.studentGroups ?? base.studentGroups,
  };
  const problems = mappingProblems(mapping);
  if (problems.length > 0) throw new DirectoryConfigError(`Invalid ${source}:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  return mapping;
}

function list(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function readSettingsFile(path: string): Record<string, unknown> {
  const value = readJsonFile('DIRECTORY_CONFIG', path, DirectoryConfigError);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new DirectoryConfigError(`DIRECTORY_CONFIG: ${path} is not a JSON object.`);
  return value as Record<string, unknown>;
}

/**
 * The mapping from the environment: DIRECTORY_CONFIG (a JSON file with the settings), then DIRECTORY_PRESET,
 * DIRECTORY_SCHOOL, DIRECTORY_CLASS_GROUP, DIRECTORY_CLASS_NAME, DIRECTORY_TEACHER_GROUPS and
 * DIRECTORY_STUDENT_GROUPS (comma-separated), each overriding the file. Nothing set: the klassenraum preset.
 */
export function loadDirectoryMapping(env: NodeJS.ProcessEnv): DirectoryMapping {
  const get = (name: string): string | undefined => (env[name] === '' ? undefined : env[name]);
  const file = get('DIRECTORY_CONFIG');
  const settings: Record<string, unknown> = file === undefined ? {} : readSettingsFile(file);
  const fromEnv: Record<string, unknown> = {
    preset: get('DIRECTORY_PRESET'),
    school: get('DIRECTORY_SCHOOL'),
    classGroup: get('DIRECTORY_CLASS_GROUP'),
    className: get('DIRECTORY_CLASS_NAME'),
    teacherGroups: get('DIRECTORY_TEACHER_GROUPS') === undefined ? undefined : list(get('DIRECTORY_TEACHER_GROUPS') ?? ''),
    studentGroups: get('DIRECTORY_STUDENT_GROUPS') === undefined ? undefined : list(get('DIRECTORY_STUDENT_GROUPS') ?? ''),
  };
  for (const [key, value] of Object.entries(fromEnv)) if (value !== undefined) settings[key] = value;
  return resolveDirectoryMapping(settings, file === undefined ? 'directory mapping (DIRECTORY_*)' : `directory mapping (${file}, DIRECTORY_*)`);
}
