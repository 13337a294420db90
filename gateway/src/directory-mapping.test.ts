import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';
import { DirectoryConfigError, loadDirectoryMapping, resolveDirectoryMapping } from './directory-mapping.js';
import { startGateway } from './server.js';
import { appConfigSchema } from '../../src/api/gateway-contract.js';

const base = { APP_URL: 'https://klassenraum.schule.de/', NEXTCLOUD_URL: 'https://cloud.schule.de/' };

function settingsFile(content: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'directory-')), 'directory.json');
  writeFileSync(file, content);
  return file;
}

describe('directory mapping', () => {
  it('is the klassenraum preset when nothing is set (the demo school, as before)', () => {
    expect(loadConfig(base).directory).toEqual({
      preset: 'klassenraum',
      classGroup: 'klasse-{class}',
      className: 'Klasse {class}',
      teacherGroups: ['lehrer'],
      studentGroups: [],
    });
  });

  it('builds UCS@school names from the school (OU) name', () => {
    expect(loadDirectoryMapping({ DIRECTORY_PRESET: 'ucsatschool', DIRECTORY_SCHOOL: 'gym-kassel' })).toEqual({
      preset: 'ucsatschool',
      classGroup: 'gym-kassel-{class}',
      className: 'Klasse {class}',
      teacherGroups: ['lehrer-gym-kassel'],
      studentGroups: ['schueler-gym-kassel'],
    });
  });

  it('reads a settings file, and the environment overrides single fields (then it is custom)', () => {
    const file = settingsFile(JSON.stringify({ preset: 'ucsatschool', school: 'gs-nord', teacherGroups: ['lehrer-gs-nord', 'referendare-gs-nord'] }));
    const fromFile = loadDirectoryMapping({ DIRECTORY_CONFIG: file });
    expect(fromFile.classGroup).toBe('gs-nord-{class}');
    expect(fromFile.teacherGroups).toEqual(['lehrer-gs-nord', 'referendare-gs-nord']);
    expect(fromFile.preset).toBe('custom');
    const overridden = loadDirectoryMapping({ DIRECTORY_CONFIG: file, DIRECTORY_CLASS_NAME: 'Lerngruppe {class}', DIRECTORY_STUDENT_GROUPS: 'a, b' });
    expect(overridden.className).toBe('Lerngruppe {class}');
    expect(overridden.studentGroups).toEqual(['a', 'b']);
  });

  it('stops the gateway with a clear message for an unusable mapping', () => {
    expect(() => loadConfig({ ...base, DIRECTORY_PRESET: 'ucsatschool' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, DIRECTORY_PRESET: 'ucsatschool' })).toThrow(/DIRECTORY_SCHOOL=gym-kassel/);
    expect(() => loadConfig({ ...base, DIRECTORY_PRESET: 'ucs' })).toThrow(/Presets: klassenraum, ucsatschool/);
    expect(() => loadDirectoryMapping({ DIRECTORY_PRESET: 'ucsatschool', DIRECTORY_SCHOOL: 'gym kassel' })).toThrow(/not a UCS@school school/);
    expect(() => loadDirectoryMapping({ DIRECTORY_CLASS_GROUP: 'klasse-' })).toThrow(/must contain \{class\} exactly once/);
    expect(() => loadDirectoryMapping({ DIRECTORY_CLASS_GROUP: '{class}-{class}' })).toThrow(/exactly once/);
    expect(() => loadDirectoryMapping({ DIRECTORY_CLASS_GROUP: '{class}' })).toThrow(/every group would be a class/);
    expect(() => loadDirectoryMapping({ DIRECTORY_CLASS_NAME: 'Klasse' })).toThrow(/className "Klasse" must contain \{class\}/);
    expect(() => loadDirectoryMapping({ DIRECTORY_CLASS_NAME: 'Klassen/{class}' })).toThrow(/names a folder/);
    expect(() => loadDirectoryMapping({ DIRECTORY_TEACHER_GROUPS: ' , ' })).toThrow(/at least one group/);
    expect(() => loadDirectoryMapping({ DIRECTORY_TEACHER_GROUPS: 'klasse-lehrer' })).toThrow(/teacher group "klasse-lehrer" would also be a class/);
    expect(() => loadDirectoryMapping({ DIRECTORY_CONFIG: settingsFile('{"preset": "klassenraum", "teacher": "x"}') })).toThrow(/Unrecognized key/);
    expect(() => loadDirectoryMapping({ DIRECTORY_CONFIG: settingsFile('[1]') })).toThrow(/not a JSON object/);
    expect(() => loadDirectoryMapping({ DIRECTORY_CONFIG: '/nonexistent/directory.json' })).toThrow(/cannot read/);
  });

  it('lists every problem at once', () => {
    let message = '';
    try {
      resolveDirectoryMapping({ classGroup: 'x', className: 'y', teacherGroups: [] });
    } catch (err) {
      expect(err).toBeInstanceOf(DirectoryConfigError);
      message = (err as Error).message;
    }
    expect(message.split('\n').filter((l) => l.startsWith('  '))).toHaveLength(3);
  });
});

describe('GET /api/config', () => {
  it('serves the mapping the gateway started with, next to the call transport', async () => {
    const env = { ...base, APP_URL: 'http://127.0.0.1:1', NEXTCLOUD_URL: 'http://127.0.0.1:9', PORT: '0', DIRECTORY_PRESET: 'ucsatschool', DIRECTORY_SCHOOL: 'gym-kassel' };
    const gateway = await startGateway(loadConfig(env), { log: () => undefined });
    try {
      const response = await fetch(`${gateway.url}/api/config`);
      expect(response.status).toBe(200);
      const body = appConfigSchema.parse(await response.json());
      expect(body.callTransport).toBe('talk-hpb');
      expect(body.directory).toEqual(loadDirectoryMapping(env));
      expect(body.directory.classGroup).toBe('gym-kassel-{class}');
    } finally {
      await gateway.close();
    }
  });
});
