/** Age in whole years at the evaluation date (a tiny module: the app's first screen needs it, not the engine). */
import type { Member } from './household';

export function ageFromBirthDate(birth: string, ymd: readonly [number, number, number]): number {
  const by = Number(birth.slice(0, 4));
  const bm = Number(birth.slice(5, 7));
  const bd = Number(birth.slice(8, 10));
  let age = ymd[0] - by;
  if (ymd[1] < bm || (ymd[1] === bm && ymd[2] < bd)) age -= 1;
  return age;
}

/** Age in whole years at the evaluation date: birth date wins over a stated age. */
export function memberAge(m: Member, ymd: readonly [number, number, number]): number | undefined {
  if (m.birthDate) return ageFromBirthDate(m.birthDate, ymd);
  return m.age;
}

