/**
 * Loading the rule pack the build emitted. A bad or missing pack never blanks the app: the caller gets an error to
 * show, and saved households stay reachable.
 */
import { packUrl } from 'virtual:rule-pack';
import { compilePack, type CompiledPack } from '../engine/compile';
import { decodePack } from '../engine/pack-wire';

export type RulesState = { status: 'loading' } | { status: 'ready'; cp: CompiledPack } | { status: 'error'; detail: string };

export async function loadRules(url: string = packUrl): Promise<RulesState> {
  try {
    const res = await fetch(url);
    if (!res.ok) return { status: 'error', detail: `HTTP ${res.status}` };
    return { status: 'ready', cp: compilePack(decodePack(await res.json())) };
  } catch (e) {
    return { status: 'error', detail: e instanceof Error ? e.message : String(e) };
  }
}
