/**
 * One wording, in Chinese and English, for input whose shape is wrong: what it is, where in it (the path, so the
 * field can be found), and what is wrong. The engine's guard (evaluate.ts: a household) and the region-file reader
 * (shared/region-file.ts: a signed file from an office) both say it this way. Pure: no imports, so the engine can
 * use it.
 */

export interface Bilingual {
  readonly zh: string;
  readonly en: string;
}

/** What was malformed, as the message names it. */
export const HOUSEHOLD: Bilingual = { zh: '家庭资料', en: 'household' };
export const REGION_FILE: Bilingual = { zh: '地区数据文件', en: 'region file' };

/**
 * "家庭资料格式有误（members[1]）：应为一个对象" / "malformed household at members[1]: must be an object". An empty
 * path is the whole thing (整体 / the top).
 */
export function malformedText(what: Bilingual, path: string, problem: Bilingual): Bilingual {
  return {
    zh: `${what.zh}格式有误（${path || '整体'}）：${problem.zh}`,
    en: `malformed ${what.en} at ${path || 'the top'}: ${problem.en}`,
  };
}
