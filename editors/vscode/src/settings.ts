// The `asyncradar.*` settings as the server reads them
// (initializationOptions.settings and workspace/didChangeConfiguration).
import * as vscode from 'vscode';

export interface ServerSettings {
  select: string[];
  ignore: string[];
  severity: string;
  extraBlockingCalls: string[];
  fixAll: boolean;
  logLevel: string;
}

export function readSettings(scope?: vscode.ConfigurationScope): ServerSettings {
  const c = vscode.workspace.getConfiguration('asyncradar', scope);
  return {
    select: c.get<string[]>('select', []),
    ignore: c.get<string[]>('ignore', []),
    severity: c.get<string>('severity', 'warning'),
    extraBlockingCalls: c.get<string[]>('extraBlockingCalls', []),
    fixAll: c.get<boolean>('fixAll', true),
    logLevel: c.get<string>('logLevel', 'warn'),
  };
}

// Changing these means another process, not just other settings.
export const restartKeys = ['asyncradar.enable', 'asyncradar.path'];
