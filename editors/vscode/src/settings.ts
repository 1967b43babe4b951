// The `asyncradar.*` settings the server understands (docs/configuration.md),
// as sent in initializationOptions.settings and as the answer to the
// server's workspace/configuration requests.
import * as vscode from 'vscode';

// Only keys the user has set are sent: a key the editor sends wins over the
// project's pyproject.toml, so a default sent here would hide the file's.
const serverKeys = [
  'select',
  'ignore',
  'severity',
  'extraBlockingCalls',
  'allowedCalls',
  'library',
  'logLevel',
] as const;

export function readSettings(scope?: vscode.ConfigurationScope): Record<string, unknown> {
  const c = vscode.workspace.getConfiguration('asyncradar', scope);
  const out: Record<string, unknown> = {};
  for (const key of serverKeys) {
    const i = c.inspect(key);
    const value = i?.workspaceFolderValue ?? i?.workspaceValue ?? i?.globalValue;
    if (value !== undefined) out[key] = value;
  }
  return out;
}

// Changing these means another process, not just other settings.
export const restartKeys = ['asyncradar.enable', 'asyncradar.path'];
