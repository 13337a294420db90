import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionPatch } from './session-store.js';
import { MemorySessionStore } from './stores/memory-store.js';
import { oauthLogin, startTestSchool, type TestSchool } from '../testing/school.js';

/** A store whose writes take a while to land, as a Redis shared by several gateway processes may. */
class SlowWrites extends MemorySessionStore {
  override async patch(id: string, patch: SessionPatch, ttlSeconds: number): Promise<void> {
    await sleep(150);
    await super.patch(id, patch, ttlSeconds);
  }
}

let school: TestSchool;
beforeAll(async () => {
  school = await startTestSchool({ store: () => new SlowWrites() });
});
afterAll(async () => {
  await school.close();
});

describe('the login relay with a slow session store', () => {
  it("stores each Nextcloud page's cookies before the browser gets the page, so its next step finds them", async () => {
    // With the jar saved after the answer, the login form's POST went out with the cookies of the page before
    // (two replicas behind a balancer hit this: gateway/testing/faults/balanced-gateways.test.ts).
    const { landedOn } = await oauthLogin(school.appUrls[0] ?? '', 's7a1');
    expect(landedOn).toBe('/');
  });
});
