/**
 * Runs a TypeScript entry point (the bot's main.ts, or the bare comparison server) as its own Node process,
 * so the load generator never shares its event loop. Resolves once the process logs "listening".
 * Output is drained (kept only until start-up, and the last few lines for error reports).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';

export const REPO_ROOT = path.resolve(__dirname, '../..');

export interface ChildServer {
  url: string;
  pid: number;
  child: ChildProcess;
  /** The last lines the process wrote (for error reports). */
  tail: string[];
  /** Lines matching `keep` (see options), all of them. */
  kept: string[];
  stop(): Promise<number | null>;
  kill9(): Promise<void>;
}

export interface StartChildOptions {
  entry: string;
  env: Record<string, string>;
  timeoutMs?: number;
  /** Lines for which this returns true are kept in `kept` (e.g. warnings). */
  keep?: (line: string) => boolean;
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of running) c.kill('SIGKILL');
});

export async function startChild(options: StartChildOptions): Promise<ChildServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.resolve(REPO_ROOT, options.entry)], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tail: string[] = [];
  const kept: string[] = [];
  const onAny = (line: string) => {
    tail.push(line);
    if (tail.length > 50) tail.shift();
    if (options.keep?.(line)) kept.push(line);
  };
  running.add(child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  void exited.then(() => running.delete(child));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${options.entry} did not start within ${options.timeoutMs ?? 30_000} ms:\n${tail.join('\n')}`)), options.timeoutMs ?? 30_000);
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      onAny(line);
      if (line.includes('"msg":"listening"')) {
        clearTimeout(timer);
        resolve((JSON.parse(line) as { url: string }).url);
      }
    });
    readline.createInterface({ input: child.stderr! }).on('line', onAny);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${options.entry} exited with ${code} before listening:\n${tail.join('\n')}`));
    });
  });
  return {
    url,
    pid: child.pid!,
    child,
    tail,
    kept,
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      return exited;
    },
    async kill9() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** The bot itself (main.ts) with the given environment. */
export function startBotChild(env: Record<string, string>, keep?: (line: string) => boolean): Promise<ChildServer> {
  return startChild({ entry: 'main.ts', env, keep });
}
