import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

export interface Settings {
  url?: string;
  token?: string;
}

/** `$REFINERY_CONFIG` or `~/.config/refinery/config.json` (the token inside: mode 0600). */
export function settingsPath(env: NodeJS.ProcessEnv = process.env): string {
  return env['REFINERY_CONFIG'] ?? join(env['XDG_CONFIG_HOME'] ?? join(homedir(), '.config'), 'refinery', 'config.json');
}

export async function loadSettings(path: string): Promise<Settings> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as unknown;
    if (parsed === null || typeof parsed !== 'object') return {};
    const { url, token } = parsed as Record<string, unknown>;
    return { ...(typeof url === 'string' ? { url } : {}), ...(typeof token === 'string' ? { token } : {}) };
  } catch {
    return {};
  }
}

export async function saveSettings(path: string, settings: Settings): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await writeFile(path, `${JSON.stringify(settings, null, 2)}\n`, { mode: 0o600 });
  await chmod(path, 0o600);
}
