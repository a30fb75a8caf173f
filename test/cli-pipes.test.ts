/**
 * Pipes are the normal case: output through a real pipe into another process (a slow one, so the pipe fills up)
 * arrives whole, byte for byte the same as into a file; a reader that leaves early (`| head`) ends the command
 * quietly with exit 0; a batch streams (answers come while input is still arriving) and keeps input order with
 * --jobs; progress goes to standard error only when it is a terminal.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bigHousehold, cli, jsonl, NODE, READER, ROOT, RUN, sh, tmp } from './cli-helpers';

const sha = (s: string | Buffer): string => createHash('sha256').update(s).digest('hex');

describe('through real pipes', { timeout: 90_000 }, () => {
  it('a report over 1 MB arrives whole through a pipe into a slow reader, the same bytes as into a file', () => {
    const file = tmp('big.json', JSON.stringify(bigHousehold()));
    const out = tmp('out.json', '');
    const toFile = sh(`$CLI "${file}" > "${out}"`);
    expect(toFile.code).toBe(0);
    const expected = readFileSync(out);
    expect(expected.length).toBeGreaterThan(1 << 20);
    expect(JSON.parse(expected.toString()).programs.length).toBeGreaterThan(10);
    const piped = sh(`$CLI "${file}" | ${READER}`);
    expect(piped.code).toBe(0);
    expect(JSON.parse(piped.out)).toEqual({ bytes: expected.length, sha256: sha(expected) });
  });

  it('a 1,000-line batch piped in and out (cat | cli | reader) gives every line, as into a file', () => {
    const input = tmp('in.jsonl', jsonl(1000));
    const out = tmp('out.jsonl', '');
    expect(sh(`cat "${input}" | $CLI - --batch > "${out}"`).code).toBe(0);
    const expected = readFileSync(out);
    const lines = expected.toString().trimEnd().split('\n');
    expect(lines).toHaveLength(1000);
    expect(lines.map((l) => JSON.parse(l).line)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    const piped = sh(`cat "${input}" | $CLI - --batch | ${READER}`);
    expect(piped.code).toBe(0);
    expect(JSON.parse(piped.out)).toEqual({ bytes: expected.length, sha256: sha(expected) });
    // The full reports too (≈ 70 KB a household): many times what a pipe holds.
    const full = sh(`head -n 20 "${input}" | $CLI - --batch --explain full | ${READER}`);
    const fullFile = tmp('full.jsonl', '');
    sh(`head -n 20 "${input}" | $CLI - --batch --explain full > "${fullFile}"`);
    expect(JSON.parse(full.out)).toEqual({ bytes: readFileSync(fullFile).length, sha256: sha(readFileSync(fullFile)) });
  });

  it('a reader that stops early (| head) ends the command quietly with exit code 0', () => {
    const input = tmp('in.jsonl', jsonl(400));
    const status = tmp('status', '');
    const r = sh(`{ $CLI "${input}" --batch --explain full 2>"${status}.err"; echo $? > "${status}"; } | head -c 1000 > /dev/null`);
    expect(r.code).toBe(0);
    expect(readFileSync(status, 'utf8').trim()).toBe('0');
    expect(readFileSync(`${status}.err`, 'utf8')).toBe('');
    const jobs = sh(`{ $CLI "${input}" --batch --jobs 2 2>"${status}.err"; echo $? > "${status}"; } | head -n 1 > /dev/null`);
    expect(jobs.code).toBe(0);
    expect(readFileSync(status, 'utf8').trim()).toBe('0');
    expect(readFileSync(`${status}.err`, 'utf8')).toBe('');
  });

  // A batch this small does not start workers by itself (evaluate.ts, WORKERS_FROM_BYTES): the variable makes them
  // start at once, or — for input from a pipe — after the first 100 KB, so that the switch is tested too.
  it('--jobs 2 and 3 give byte for byte the output of --jobs 1 through a pipe, bad lines in their places', () => {
    const lines = jsonl(700).split('\n');
    lines.splice(100, 0, 'not json');
    lines.splice(450, 0, '{"version": 1, "region": "cn-gd-jiangmen", "members": []}');
    const input = tmp('in.jsonl', lines.join('\n'));
    const one = cli([input, '--batch']);
    expect(one.code).toBe(0);
    const out = one.out.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(out).toHaveLength(702);
    expect(out[100]).toMatchObject({ line: 101, error: { code: 'invalid-input' } });
    expect(out[450]).toMatchObject({ line: 451, error: { code: 'invalid-input' } });
    const expected = { bytes: Buffer.byteLength(one.out), sha256: sha(one.out) };
    for (const jobs of ['2', '3']) {
      for (const run of [
        `$CLI "${input}" --batch --jobs ${jobs}`,
        `HUIMIN_WORKERS_FROM_BYTES=0 $CLI "${input}" --batch --jobs ${jobs}`,
        `cat "${input}" | HUIMIN_WORKERS_FROM_BYTES=100000 $CLI - --batch --jobs ${jobs}`,
      ]) {
        const many = sh(`${run} | ${READER}`);
        expect(many.code).toBe(0);
        expect(JSON.parse(many.out), run).toEqual(expected);
      }
    }
  });

  it('--jobs 2 gives byte for byte the output of --jobs 1 for a CSV roster, with --summary the same table', () => {
    // 1,200 households from the fixture roster (ids made unique): several work items of 256 households.
    const [header, ...rows] = readFileSync(join(ROOT, 'test', 'fixtures', 'roster.csv'), 'utf8').trimEnd().split('\n');
    const copies = Array.from({ length: 300 }, (_, i) => rows.map((r) => r.replace(/^H/, `R${i}-H`)).join('\n'));
    const input = tmp('roster.csv', `${header}\n${copies.join('\n')}\n`);
    for (const output of ['json', 'csv']) {
      const one = cli([input, '--output', output, '--summary=json']);
      expect(one.code).toBe(0);
      expect(one.out.trimEnd().split('\n').length).toBeGreaterThanOrEqual(1200);
      const expected = { bytes: Buffer.byteLength(one.out), sha256: sha(one.out) };
      for (const run of [`HUIMIN_WORKERS_FROM_BYTES=0 $CLI "${input}"`, `cat "${input}" | HUIMIN_WORKERS_FROM_BYTES=20000 $CLI - --input csv`]) {
        const summary = tmp('summary.json', '');
        const many = sh(`${run} --output ${output} --jobs 2 --summary=json 2>"${summary}" | ${READER}`);
        expect(many.code).toBe(0);
        expect(JSON.parse(many.out), run).toEqual(expected);
        expect(readFileSync(summary, 'utf8'), run).toBe(one.err);
      }
    }
  });

  it('streams: the answer to a line comes before the input has ended', async () => {
    const child = spawn(NODE, [RUN, '-', '--batch'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    const [first, second] = jsonl(2).trim().split('\n');
    let out = '';
    const got = (n: number): Promise<void> =>
      new Promise((resolve) => {
        const check = (): void => {
          if (out.split('\n').length > n) {
            child.stdout.off('data', onData);
            resolve();
          }
        };
        const onData = (c: Buffer): void => {
          out += c.toString();
          check();
        };
        child.stdout.on('data', onData);
        check();
      });
    child.stdin.write(`${first}\n`);
    await got(1);
    expect(JSON.parse(out.split('\n')[0]!).line).toBe(1);
    child.stdin.write(`${second}\n`);
    await got(2);
    child.stdin.end();
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(out.trim().split('\n').map((l) => JSON.parse(l).line)).toEqual([1, 2]);
  });

  it('a line over 1 MiB is reported and skipped as it streams by; the next line is evaluated', () => {
    const [a, b] = jsonl(2).trim().split('\n');
    const huge = `{"version":1,"region":"cn-gd-jiangmen","members":[],"pad":"${'x'.repeat(3 << 20)}"}`;
    const r = cli(['-', '--batch'], `${a}\n${huge}\n${b}\n`);
    expect(r.code).toBe(0);
    const out = r.out.trim().split('\n').map((l) => JSON.parse(l));
    expect(out.map((o) => o.line)).toEqual([1, 2, 3]);
    expect(out[1].error.messages[0].en).toContain('longer than 1 MiB');
    expect(out[2].programs).toBeDefined();
  });

  it('progress goes to standard error only when it is a terminal', () => {
    const input = tmp('in.jsonl', jsonl(300));
    const plain = cli([input, '--batch']);
    expect(plain.err).toBe('');
    // script(1) gives the command a terminal; standard output still goes to a file.
    const out = tmp('out.jsonl', '');
    const r = spawnSync('script', ['-qec', `"${NODE}" "${RUN}" "${input}" --batch --lang en > "${out}"`, '/dev/null'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/300 households · [\d,]+\/s · 0 with errors/);
    expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(300);
  });
});
