/**
 * Driving the real wizard in the browser tests (and in `npm run screenshots`): questions are found by the household
 * path they answer (`[data-path="members[0].age"]`), so the helpers work in either language.
 *
 * No named inner functions inside page.evaluate(): tsx's keepNames would reference a helper the page does not have.
 */
import type { Page } from 'playwright-core';

/** What the tests compare before and after a reload: the draft's household and step. */
export interface DraftSnapshot {
  household: unknown;
  step: string;
}

/** Pick the n-th option of a radio question. */
export async function choose(page: Page, path: string, n: number): Promise<void> {
  await page.locator(`[data-path="${path}"] input[type=radio]`).nth(n).check();
}
export async function type(page: Page, path: string, value: string): Promise<void> {
  await page.locator(`[data-path="${path}"] input`).first().fill(value);
}
export async function next(page: Page): Promise<void> {
  await page.locator('.nav-buttons .button:not(.secondary)').click();
}

/** Answer the region question through its search box: type `query`, tap the first place called `name`. */
export async function pickRegion(page: Page, query: string, name: string): Promise<void> {
  await page.locator('#region-search').fill(query);
  await page.locator('.region-result', { hasText: name }).first().click();
  await page.locator('[data-testid=region-chosen]', { hasText: name }).waitFor();
}

export async function flush(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const h = (window as unknown as { __huimin?: { flush?: () => Promise<void> } }).__huimin;
    if (h?.flush) await h.flush();
  });
}

/** Region and hukou, then the first member's age and sex, then stop on the members step (autosaved). */
export async function fillHalfHousehold(page: Page): Promise<DraftSnapshot> {
  await pickRegion(page, '江门', '江门市');
  await choose(page, 'hukou', 0);
  await next(page);
  await type(page, 'members[0].age', '67');
  await choose(page, 'members[0].sex', 0);
  await flush(page);
  const saved = await readDraft(page);
  if (!saved || saved.step !== 'members') throw new Error(`the draft was not autosaved on the members step: ${JSON.stringify(saved)}`);
  const member = (saved.household as { members: { age?: number }[] }).members[0];
  if (member?.age !== 67) throw new Error('the age typed was not in the saved draft');
  return saved;
}

/** The draft as the app's store has it now (null if none). */
export async function readDraft(page: Page): Promise<DraftSnapshot | null> {
  const draft = await page.evaluate(async () => {
    const store = (window as unknown as { __huimin?: { store?: { loadDraft(): Promise<{ household: unknown; step: string } | null> } } }).__huimin?.store;
    if (!store) throw new Error('window.__huimin.store is missing');
    return store.loadDraft();
  });
  return draft ? { household: draft.household, step: draft.step } : null;
}

/** A whole Jiangmen couple through every step to the results (optionally taking a screenshot per step). */
export async function fillJiangmenHousehold(page: Page, shot?: (name: string) => Promise<void>): Promise<void> {
  await pickRegion(page, '江门', '江门市');
  await choose(page, 'hukou', 0);
  await shot?.('1-region');
  await next(page);
  await type(page, 'members[0].age', '45');
  await choose(page, 'members[0].sex', 1);
  await page.locator('.step > .button.secondary').click(); // add a member
  await page.locator('[data-path="members[1].relation"] select').selectOption('spouse');
  await type(page, 'members[1].age', '44');
  await choose(page, 'members[1].sex', 0);
  await shot?.('2-members');
  await next(page);
  await choose(page, 'familyPlanning', 1);
  await choose(page, 'members[0].work', 0);
  await choose(page, 'members[0].disability', 1);
  await choose(page, 'members[0].seriousIllness', 1);
  await choose(page, 'members[1].work', 2);
  await choose(page, 'members[1].disability', 0);
  await choose(page, 'members[1].disability.grade', 0);
  await page.locator('[data-path="members[1].disability.kind"] select').selectOption('physical');
  await choose(page, 'members[1].disability.needsLongTermCare', 0);
  await choose(page, 'members[1].workInjuryCareAllowance', 1);
  await choose(page, 'members[1].seriousIllness', 1);
  await choose(page, 'members[1].legalSupporters', 2);
  await shot?.('3-details');
  await next(page);
  await type(page, 'members[0].income.wages', '1000');
  await page.locator('[data-path="members[1].income"] input[type=checkbox]').first().check();
  await shot?.('4-income');
  await next(page);
  await choose(page, 'assetsMeetLocalRules', 0);
  await page.locator('[data-path="statuses"] input[type=checkbox]').last().check();
  await choose(page, 'suddenHardship', 1);
  await shot?.('5-assets');
  await next(page);
  await next(page);
  await page.locator('.results').waitFor();
}
