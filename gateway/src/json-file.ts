import { readFileSync } from 'node:fs';

/**
 * A settings file named by an environment variable (`setting`), read and parsed as JSON at start-up. Either
 * failure throws `Err` with a message naming the setting and the file, for the start error an admin reads.
 */
export function readJsonFile(setting: string, path: string, Err: new (message: string) => Error): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Err(`${setting}: cannot read ${path} (${(err as Error).message}).`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new Err(`${setting}: ${path} is not JSON (${(err as Error).message}).`);
  }
}
