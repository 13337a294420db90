import { afterAll, beforeAll } from 'vitest';
import { startTestSchool, type TestSchool } from './school.js';

/** A dev server and one gateway for the enclosing `describe` block, started before its tests and closed
 * after them. Read `school` and `appUrl` inside the tests (they are set once the block has started). */
export function schoolForBlock(): { readonly school: TestSchool; readonly appUrl: string } {
  let school: TestSchool | undefined;
  beforeAll(async () => {
    school = await startTestSchool();
  });
  afterAll(async () => {
    await school?.close();
  });
  return {
    get school(): TestSchool {
      if (!school) throw new Error('the test school starts in beforeAll');
      return school;
    },
    get appUrl(): string {
      return this.school.appUrls[0] ?? '';
    },
  };
}
