import * as vscode from 'vscode';
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
} from 'vscode-languageclient/node';
import { findServer } from './binary';
import { readSettings, restartKeys } from './settings';

const fixAllKind = vscode.CodeActionKind.SourceFixAll.append('asyncradar');
const installHelp =
  'Build it with ./build.sh and run `cmake --install build --prefix ~/.local`, ' +
  'or set "asyncradar.path" to the binary.';

let client: LanguageClient | undefined;
let output: vscode.OutputChannel | undefined;
// One notification per session for a missing binary, not one per restart.
let warnedMissing = false;

function workspaceRoot(): string | undefined {
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
}

// Not awaited: the promise settles only when the user closes the message.
function notifyMissing(message: string): void {
  if (warnedMissing) return;
  warnedMissing = true;
  void vscode.window.showErrorMessage(message, 'Open Settings').then((choice) => {
    if (choice === 'Open Settings')
      void vscode.commands.executeCommand('workbench.action.openSettings', 'asyncradar.path');
  });
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  const config = vscode.workspace.getConfiguration('asyncradar');
  if (!config.get<boolean>('enable', true)) {
    output?.appendLine('asyncradar.enable is false: the server is not started.');
    return;
  }
  const lookup = findServer(config.get<string>('path', ''), context.extensionPath, workspaceRoot());
  if ('badSetting' in lookup) {
    output?.appendLine(`asyncradar.path points to ${lookup.badSetting}, which is not an executable file.`);
    notifyMissing(`asyncradar: "asyncradar.path" is ${lookup.badSetting}, which is not an executable file. ${installHelp}`);
    return;
  }
  if ('missing' in lookup) {
    output?.appendLine('No asyncradar binary: asyncradar.path is empty, none is bundled and none is on PATH.');
    notifyMissing(`asyncradar: the asyncradar binary was not found on PATH. ${installHelp}`);
    return;
  }
  const { command, source } = lookup.found;
  output?.appendLine(`Starting ${command} (from ${source}).`);

  // Absolute command and an explicit cwd: the extension host's own working
  // directory is unrelated to the workspace. No `transport`: with one the
  // client appends its own `--stdio`.
  const run = { command, args: ['server', '--stdio'], options: { cwd: workspaceRoot() } };
  const serverOptions: ServerOptions = { run, debug: run };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'python' },
      { scheme: 'untitled', language: 'python' },
    ],
    initializationOptions: { settings: readSettings() },
    outputChannel: output,
    middleware: {
      workspace: {
        // The server asks for its section; the raw section would also carry
        // the client-side keys (path, enable, trace) and every default.
        configuration: async (params, token, next) => {
          const answers = await next(params, token);
          if (!Array.isArray(answers)) return answers;
          return params.items.map((item, i) =>
            item.section === 'asyncradar'
              ? readSettings(item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined)
              : answers[i]);
        },
      },
      provideCodeActions: async (document, range, context, token, next) => {
        const actions = await next(document, range, context, token);
        if (!actions || vscode.workspace.getConfiguration('asyncradar', document).get('fixAll', true))
          return actions;
        return actions.filter((a) => !(a instanceof vscode.CodeAction && a.kind && fixAllKind.contains(a.kind)));
      },
    },
  };
  client = new LanguageClient('asyncradar', 'asyncradar', serverOptions, clientOptions);
  try {
    await client.start();
  } catch (e) {
    output?.appendLine(`The server did not start: ${String(e)}`);
    client = undefined;
  }
}

async function stop(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) await c.stop().catch(() => undefined);
}

async function restart(context: vscode.ExtensionContext): Promise<void> {
  await stop();
  await start(context);
}

async function fixAll(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'python') {
    void vscode.window.showInformationMessage('asyncradar: open a Python file to fix.');
    return;
  }
  const doc = editor.document;
  const whole = new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length));
  // The server computes the edit lazily (codeAction/resolve): ask VS Code to
  // resolve the one action we use.
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
    'vscode.executeCodeActionProvider', doc.uri, whole, fixAllKind.value, 1);
  const ours = (actions ?? []).find((a) => a.kind && fixAllKind.contains(a.kind) && a.edit);
  if (!ours?.edit) {
    void vscode.window.showInformationMessage('asyncradar: nothing to fix in this file.');
    return;
  }
  await vscode.workspace.applyEdit(ours.edit);
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('asyncradar');
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('asyncradar.restart', () => restart(context)),
    vscode.commands.registerCommand('asyncradar.showLogs', () => output?.show(true)),
    vscode.commands.registerCommand('asyncradar.fixAll', fixAll),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (!e.affectsConfiguration('asyncradar')) return;
      if (restartKeys.some((k) => e.affectsConfiguration(k))) {
        warnedMissing = false;
        await restart(context);
      } else if (client?.isRunning()) {
        await client.sendNotification('workspace/didChangeConfiguration', { settings: readSettings() });
      }
    }),
  );
  await start(context);
}

export function deactivate(): Thenable<void> | undefined {
  return stop();
}
