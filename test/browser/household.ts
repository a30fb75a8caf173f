/**
 * Driving the real wizard in the browser tests (and in `npm run screenshots`): questions are found by the household
 * path they answer (`[data-path="members[0].age"]`), so the helpers work in either language and in 长辈模式.
 *
 * No named inner functions inside page.evaluate(): tsx's keepNames would reference a helper the page does not have.
 */
import type { Page } from 'playwright-core';

/** What the tests compare before and after a reload: the draft's household and step. */
export interface DraftSnapshot {
  household: unknown;
  step: string;
}

type Shot = (name: string) => Promise<void>;

/** Pick the n-th option of a radio question. */
export async function choose(page: Page, path: string, n: number): Promise<void> {
  await page.locator(`[data-path="${path}"] input[type=radio]`).nth(n).check();
}
export async function type(page: Page, path: string, value: string): Promise<void> {
  await page.locator(`[data-path="${path}"] input`).first().fill(value);
}
export async function select(page: Page, path: string, value: string): Promise<void> {
  await page.locator(`[data-path="${path}"] select`).selectOption(value);
}
/** The page's main button (下一步, 核对, 查看结果…), then wait for the next page to be drawn. */
export async function next(page: Page): Promise<void> {
  const before = await page.evaluate(() => location.hash);
  await page.locator('main .nav-buttons .button:not(.secondary)').click();
  await page.waitForFunction((h) => location.hash !== h, before);
  await page.locator('main .loading').waitFor({ state: 'detached' });
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

/** From the start page (or wherever the app opened) to the region step. */
export async function begin(page: Page, shot?: Shot): Promise<void> {
  await page.locator('.start, .wizard').first().waitFor();
  if (await page.locator('.start').count()) {
    await shot?.('0-start');
    await page.locator('.start-actions .button').first().click();
  }
  await page.locator('#region-search').waitFor();
}

/** Region and hukou, then the first member's age and sex, then stop on the members step (autosaved). */
export async function fillHalfHousehold(page: Page): Promise<DraftSnapshot> {
  await begin(page);
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

/** Adults' "what do they mainly do": employed, unemployed, unable, student, retired. */
const WORK = { employed: 0, unemployed: 1, unable: 2, student: 3, retired: 4 } as const;

/**
 * The Jiangmen couple through every step to the results: the husband 67 with an ¥800 pension (typed
 * "800元", as people do), the wife 65 with a grade-2 physical disability needing long-term care, no income.
 */
export async function fillJiangmenHousehold(page: Page, shot?: Shot): Promise<void> {
  await begin(page, shot);
  await pickRegion(page, '江门', '江门市');
  await choose(page, 'hukou', 0);
  await shot?.('1-region');
  await next(page);
  await type(page, 'members[0].name', '老陈');
  await type(page, 'members[0].age', '67');
  await choose(page, 'members[0].sex', 1);
  await page.locator('.add-member').click();
  await select(page, 'members[1].relation', 'spouse');
  await type(page, 'members[1].name', '陈阿姨');
  await type(page, 'members[1].age', '65');
  await choose(page, 'members[1].sex', 0);
  await shot?.('2-members');
  await next(page);
  await choose(page, 'members[0].work', WORK.retired);
  await choose(page, 'members[0].disability', 1);
  await choose(page, 'members[0].seriousIllness', 1);
  await choose(page, 'members[0].legalSupporters', 2);
  await shot?.('3-person-1');
  await next(page);
  await type(page, 'members[0].income.pension', '800元');
  await shot?.('4-income-1');
  await next(page);
  await choose(page, 'members[1].work', WORK.unable);
  await choose(page, 'members[1].disability', 0);
  await choose(page, 'members[1].disability.grade', 1);
  await select(page, 'members[1].disability.kind', 'physical');
  await choose(page, 'members[1].disability.needsLongTermCare', 0);
  await choose(page, 'members[1].workInjuryCareAllowance', 1);
  await choose(page, 'members[1].seriousIllness', 1);
  await choose(page, 'members[1].legalSupporters', 2);
  await shot?.('5-person-2');
  await next(page);
  await page.locator('[data-path="members[1].income"] input[type=checkbox]').first().check();
  await shot?.('6-income-2');
  await next(page);
  await choose(page, 'assetsMeetLocalRules', 0);
  await page.locator('[data-path="statuses"] input[type=checkbox]').last().check();
  await choose(page, 'suddenHardship', 1);
  await choose(page, 'familyPlanning', 1);
  await shot?.('7-household');
  await next(page);
  await choose(page, 'hospital', 1);
  await shot?.('8-hospital');
  await next(page);
  await page.locator('.check').waitFor();
  await shot?.('9-check');
  await next(page);
  await page.locator('.results').waitFor();
}

/**
 * The Longnan grandmother (68, rural hukou, ¥150 basic pension, nobody able to support her) raising two
 * grandchildren whose father died and whose mother has been out of contact: 小明 12 (boards at a rural primary
 * school), 小红 8. The grandchildren's "other supporters" question is left for the results page to explain.
 */
export async function fillLongnanHousehold(page: Page, shot?: Shot): Promise<void> {
  await begin(page, shot);
  await pickRegion(page, '龙南', '龙南市');
  await choose(page, 'hukou', 1);
  await next(page);
  await type(page, 'members[0].name', '王奶奶');
  await type(page, 'members[0].age', '六十八');
  await choose(page, 'members[0].sex', 0);
  for (const [i, name, age, sex] of [[1, '小明', '12', 1], [2, '小红', '8', 0]] as const) {
    await page.locator('.add-member').click();
    await select(page, `members[${i}].relation`, 'grandchild');
    await type(page, `members[${i}].name`, name);
    await type(page, `members[${i}].age`, age);
    await choose(page, `members[${i}].sex`, sex);
  }
  await shot?.('2-members');
  await next(page);
  await choose(page, 'members[0].work', WORK.retired);
  await choose(page, 'members[0].disability', 1);
  await choose(page, 'members[0].seriousIllness', 1);
  await choose(page, 'members[0].legalSupporters', 0);
  await next(page);
  await type(page, 'members[0].income.residentsBasicPension', '150');
  await next(page);
  for (const [i, boarding] of [[1, 0], [2, 1]] as const) {
    await choose(page, `members[${i}].work`, 0); // at school
    await select(page, `members[${i}].school`, 'primary');
    await choose(page, `members[${i}].school.boarding`, boarding);
    await choose(page, `members[${i}].school.rural`, 0);
    await choose(page, `members[${i}].disability`, 1);
    await choose(page, `members[${i}].seriousIllness`, 1);
    await select(page, `members[${i}].father`, 'dead');
    await select(page, `members[${i}].mother`, 'out-of-contact');
    if (i === 1) await shot?.('3-person-child');
    await next(page);
    await page.locator(`[data-path="members[${i}].income"] input[type=checkbox]`).first().check();
    await next(page);
  }
  await choose(page, 'assetsMeetLocalRules', 0);
  await page.locator('[data-path="statuses"] input[type=checkbox]').last().check();
  await choose(page, 'suddenHardship', 1);
  await choose(page, 'familyPlanning', 1);
  await next(page);
  await choose(page, 'hospital', 1);
  await next(page);
  await page.locator('.check').waitFor();
  await next(page);
  await page.locator('.results').waitFor();
}

/** A one-person household, quickly (for the caseworker journey): a Jiangmen pensioner with `pension` a month. */
export async function fillPensioner(page: Page, name: string, age: string, pension: string): Promise<void> {
  await begin(page);
  await pickRegion(page, '江门', '江门市');
  await choose(page, 'hukou', 0);
  await next(page);
  await type(page, 'members[0].name', name);
  await type(page, 'members[0].age', age);
  await choose(page, 'members[0].sex', 0);
  await next(page);
  await choose(page, 'members[0].work', WORK.retired);
  await choose(page, 'members[0].disability', 1);
  await choose(page, 'members[0].seriousIllness', 1);
  await choose(page, 'members[0].legalSupporters', 2);
  await next(page);
  await type(page, 'members[0].income.pension', pension);
  await next(page);
  await choose(page, 'assetsMeetLocalRules', 0);
  await page.locator('[data-path="statuses"] input[type=checkbox]').last().check();
  await choose(page, 'suddenHardship', 1);
  await choose(page, 'familyPlanning', 1);
  await next(page);
  await choose(page, 'hospital', 1);
  await next(page);
  await next(page);
  await page.locator('.results').waitFor();
}
