// Where the server binary comes from, in the order the README documents:
// the `asyncradar.path` setting, a binary bundled in the extension, then PATH.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export type ServerSource = 'setting' | 'bundled' | 'PATH';

export interface ServerBinary {
  command: string;
  source: ServerSource;
}

export type Lookup =
  | { found: ServerBinary }
  | { badSetting: string }
  | { missing: true };

const exeName = process.platform === 'win32' ? 'asyncradar.exe' : 'asyncradar';

function isExecutable(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) return false;
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function expandSetting(value: string, workspaceRoot: string | undefined): string {
  let p = value.trim();
  if (p === '~' || p.startsWith('~/')) p = path.join(os.homedir(), p.slice(1));
  if (workspaceRoot) p = p.replace(/\$\{workspaceFolder\}/g, workspaceRoot);
  if (!path.isAbsolute(p) && workspaceRoot && p.includes(path.sep)) p = path.join(workspaceRoot, p);
  return p;
}

function searchPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, name))) return path.join(dir, name);
  }
  return undefined;
}

// A set but broken `asyncradar.path` is reported as such rather than silently
// falling back, so the user learns that the setting is wrong.
export function findServer(setting: string, extensionRoot: string, workspaceRoot?: string): Lookup {
  if (setting.trim() !== '') {
    const p = expandSetting(setting, workspaceRoot);
    if (isExecutable(p)) return { found: { command: p, source: 'setting' } };
    const onPath = !p.includes(path.sep) ? searchPath(p) : undefined;
    if (onPath) return { found: { command: onPath, source: 'setting' } };
    return { badSetting: p };
  }
  const bundled = path.join(extensionRoot, 'bundled', exeName);
  if (isExecutable(bundled)) return { found: { command: bundled, source: 'bundled' } };
  const onPath = searchPath(exeName);
  if (onPath) return { found: { command: onPath, source: 'PATH' } };
  return { missing: true };
}
