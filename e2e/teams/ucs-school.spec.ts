import { expectNoAxeViolations, watchCsp } from '../fixtures/accessibility.js';
import { expect, test } from '../fixtures/school.js';
import { ClassGroupSearch, ClassHomePage, HomePage } from './class-pages.js';
import { signIn } from '../auth/sign-in.js';

// A second demo school with UCS@school names: class groups gym-kassel-7a/-7b, teachers in lehrer-gym-kassel,
// students in schueler-gym-kassel; the gateway runs with DIRECTORY_PRESET=ucsatschool DIRECTORY_SCHOOL=gym-kassel.
test.use({ schoolKind: 'ucsatschool', schoolKey: 'ucs-school' });
test.describe.configure({ mode: 'serial' });

test.describe('a school with UCS@school names', () => {
  test('a teacher who is not in the class group finds 7a, sets it up and opens it', async ({ page, school }) => {
    const csp = watchCsp(page);
    await signIn(page, 'anna.roth', 'Anna Roth');
    const home = new HomePage(page);
    await home.waitForClasses();
    // Her groups name no class: no card yet, and nothing to set up until she searches.
    await expect(home.classList()).toHaveCount(0);
    await expect(home.setUpButton('Klasse 7a')).toHaveCount(0);
    await expectNoAxeViolations(page);

    const search = new ClassGroupSearch(page);
    await search.search('7a');
    await expect(search.results('7a').getByRole('listitem')).toHaveCount(1);
    await expect(search.results('7a')).toContainText('Gruppe gym-kassel-7a');
    await expectNoAxeViolations(page);

    school.devserver.control.resetRequests();
    await home.setUpButton('Klasse 7a').click();
    await expect(home.provisionStatus()).toHaveText('Fertig. Neu eingerichtet: Ordner, Klassenchat, Aufgabenboard.');
    await expect(home.classCard('Klasse 7a')).toBeVisible();
    // The space is shared with the UCS@school class group itself: one share, the class folder (no upload area).
    const shares = school.devserver.control.requests().filter((r) => r.method === 'POST' && r.path.startsWith('/ocs/v2.php/apps/files_sharing/api/v1/shares'));
    expect(shares).toHaveLength(1);

    await home.classLink('Klasse 7a').click();
    const klass = new ClassHomePage(page);
    await expect(klass.heading('Klasse 7a')).toBeVisible();
    await expect(page).toHaveURL(/\/klassen\/7a$/);
    await expectNoAxeViolations(page);
    expect(csp).toEqual([]);
  });

  test('after a reload the class is still hers, complete, without being in its group', async ({ page }) => {
    await signIn(page, 'anna.roth', 'Anna Roth');
    const home = new HomePage(page);
    await home.waitForClasses();
    await expect(home.classCard('Klasse 7a')).toBeVisible();
    await expect(home.completeButton('Klasse 7a')).toHaveCount(0);
    await expect(home.setUpButton('Klasse 7a')).toHaveCount(0);
  });

  test('a student of 7a sees the class, and no class search', async ({ page }) => {
    await signIn(page, 'ben.kraus', 'Ben Kraus');
    const home = new HomePage(page);
    await home.waitForClasses();
    await expect(home.classCard('Klasse 7a')).toBeVisible();
    await expect(new ClassGroupSearch(page).searchbox()).toHaveCount(0);
    await home.classLink('Klasse 7a').click();
    await expect(new ClassHomePage(page).heading('Klasse 7a')).toBeVisible();
    await expectNoAxeViolations(page);
  });

  test('a student of 7b does not see 7a', async ({ page }) => {
    await signIn(page, 'tom.berg', 'Tom Berg');
    const home = new HomePage(page);
    await home.waitForClasses();
    await expect(home.classList()).toHaveCount(0);
    await page.goto('/klassen/7a');
    await expect(page.getByText('Diese Klasse gibt es nicht, oder du gehörst ihr nicht an.')).toBeVisible();
  });
});
