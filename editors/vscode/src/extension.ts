// The VS Code extension: starts `suggestguard lsp`, keeps its settings in
// step without restarts, and adds the commands and status bar item. The
// decisions (which binary, which settings) live in binary.ts and settings.ts.

import * as fs from "fs";
import * as vscode from "vscode";
import {
  ClientCapabilities,
  DidChangeConfigurationNotification,
  ExecuteCommandRequest,
  LanguageClient,
  LanguageClientOptions,
  RevealOutputChannelOn,
  ServerOptions,
  State,
  StaticFeature,
  TransportKind,
} from "vscode-languageclient/node";
import { resolveServer, Resolution } from "./binary";
import { pushDiagnosticsOnly } from "./capabilities";
import { countFindings, findingsAt, ruleIdOf, ServerState, statusView } from "./findings";
import { changeAction, mapSettings, SECTION, ServerSettings } from "./settings";

/** Languages the server gets documents of; other files in them are scanned as text. */
const LANGUAGES = ["python", "rust", "toml", "pip-requirements", "dotenv", "ini", "properties", "yaml", "json", "jsonc"];
/** Files that matter whatever language VS Code gives them. */
const PATTERNS = ["**/requirements*.txt", "**/.env", "**/.env.*", "**/Cargo.toml", "**/pyproject.toml"];
const EXPLAIN_SCHEME = "suggestguard-explain";
const SERVER_EXPLAIN = "suggestguard.explain";
const SERVER_SCAN = "suggestguard.scanWorkspace";

/** Registered after the built-in features, so it edits the capabilities they filled in. */
class PushDiagnostics implements StaticFeature {
  fillClientCapabilities(capabilities: ClientCapabilities): void {
    pushDiagnosticsOnly(capabilities);
  }
  initialize(): void {}
  getState() {
    return { kind: "static" as const };
  }
  clear(): void {}
}

let client: LanguageClient | undefined;
let output: vscode.OutputChannel;
let status: vscode.StatusBarItem;
let state: ServerState = "stopped";
let stateDetail: string | undefined;
let binaryPath: string | undefined;
const explanations = new Map<string, string>();

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel("suggestguard");
  status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Right, 100);
  status.command = "suggestguard.showOutput";
  status.name = "suggestguard";
  context.subscriptions.push(output, status);

  const explainProvider: vscode.TextDocumentContentProvider = {
    provideTextDocumentContent: (uri) => explanations.get(uri.path) ?? "",
  };
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(EXPLAIN_SCHEME, explainProvider),
    vscode.commands.registerCommand("suggestguard.restartServer", () => restart(context)),
    vscode.commands.registerCommand("suggestguard.showOutput", () => output.show(true)),
    vscode.commands.registerCommand("suggestguard.explainFinding", explainAtCursor),
    vscode.commands.registerCommand("suggestguard.scan", scanWorkspace),
    vscode.workspace.onDidChangeConfiguration((e) => onConfigurationChanged(e, context)),
    vscode.languages.onDidChangeDiagnostics(() => refreshStatus()),
    vscode.window.onDidChangeActiveTextEditor(() => refreshStatus()),
  );

  if (config().get<boolean>("enable", true)) {
    await start(context);
  } else {
    setState("disabled");
  }
}

export async function deactivate(): Promise<void> {
  await stop();
}

function config(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(SECTION);
}

/** The server's settings from VS Code's, with bad values reported in the log. */
function serverSettings(): ServerSettings {
  const section = config();
  const { settings, problems } = mapSettings((key) => section.get(key));
  for (const problem of problems) output.appendLine(`[settings] ${problem}`);
  return settings;
}

function findBinary(context: vscode.ExtensionContext): Resolution {
  return resolveServer({
    configured: config().get<string>("path"),
    workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
    extensionPath: context.extensionPath,
    platform: process.platform,
    env: process.env,
    isExecutable: (file) => {
      try {
        if (!fs.statSync(file).isFile()) return false;
        fs.accessSync(file, process.platform === "win32" ? fs.constants.F_OK : fs.constants.X_OK);
        return true;
      } catch {
        return false;
      }
    },
  });
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  const found = findBinary(context);
  if (!found.ok) {
    output.appendLine(`[start] ${found.message}`);
    output.appendLine(`[start] looked at: ${found.tried.join(", ") || "(nothing)"}`);
    setState("error", "the binary was not found");
    const choice = await vscode.window.showErrorMessage(found.message, "Open Settings", "Show Log");
    if (choice === "Open Settings") {
      await vscode.commands.executeCommand("workbench.action.openSettings", "suggestguard.path");
    } else if (choice === "Show Log") {
      output.show(true);
    }
    return;
  }
  binaryPath = found.path;
  output.appendLine(`[start] ${found.path} lsp (found via ${found.source})`);

  const serverOptions: ServerOptions = {
    command: found.path,
    args: ["lsp"],
    transport: TransportKind.stdio,
  };
  const documentSelector = [
    ...LANGUAGES.flatMap((language) => [
      { scheme: "file", language },
      { scheme: "untitled", language },
    ]),
    ...PATTERNS.map((pattern) => ({ scheme: "file", pattern })),
  ];
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    outputChannel: output,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    initializationOptions: serverSettings(),
    middleware: {
      workspace: {
        // The server pulls section "suggestguard": answer with the mapped settings.
        configuration: async (params, token, next) => {
          const answers = await next(params, token);
          if (!Array.isArray(answers)) return answers;
          return params.items.map((item, i) => (item.section === SECTION ? serverSettings() : answers[i]));
        },
      },
    },
  };
  const created = new LanguageClient(SECTION, "suggestguard", serverOptions, clientOptions);
  created.registerFeature(new PushDiagnostics());
  client = created;
  created.onDidChangeState((e) => {
    if (e.newState === State.Running) setState("running");
    else if (e.newState === State.Starting) setState("starting");
    else if (state !== "error" && state !== "disabled") setState("stopped");
  });
  setState("starting");
  try {
    await created.start();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    output.appendLine(`[start] the server failed to start: ${message}`);
    setState("error", "the server failed to start");
    void vscode.window.showErrorMessage(`suggestguard: the server failed to start (${message}).`, "Show Log").then(
      (choice) => choice && output.show(true),
    );
  }
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  if (running) {
    try {
      await running.stop();
    } catch (err) {
      output.appendLine(`[stop] ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}

async function restart(context: vscode.ExtensionContext): Promise<void> {
  await stop();
  if (config().get<boolean>("enable", true)) {
    await start(context);
  } else {
    setState("disabled");
  }
}

async function onConfigurationChanged(e: vscode.ConfigurationChangeEvent, context: vscode.ExtensionContext) {
  const action = changeAction((key) => e.affectsConfiguration(`${SECTION}.${key}`));
  switch (action) {
    case "start-or-stop":
    case "restart":
      await restart(context);
      break;
    case "push":
      if (client?.isRunning()) {
        await client.sendNotification(DidChangeConfigurationNotification.type, { settings: serverSettings() });
      }
      break;
    case "none":
      break;
  }
}

function setState(next: ServerState, detail?: string): void {
  state = next;
  stateDetail = detail;
  refreshStatus();
}

function refreshStatus(): void {
  const editor = vscode.window.activeTextEditor;
  const findings = editor ? countFindings(vscode.languages.getDiagnostics(editor.document.uri)) : undefined;
  const view = statusView(state, findings, stateDetail);
  status.text = view.text;
  status.tooltip = view.tooltip;
  status.backgroundColor = view.error ? new vscode.ThemeColor("statusBarItem.errorBackground") : undefined;
  status.show();
}

async function explainAtCursor(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage("suggestguard: open a file and put the cursor on a finding.");
    return;
  }
  const candidates = findingsAt(vscode.languages.getDiagnostics(editor.document.uri), editor.selection.active);
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage("suggestguard: there is no finding at the cursor.");
    return;
  }
  let chosen = candidates[0];
  if (candidates.length > 1) {
    const pick = await vscode.window.showQuickPick(
      candidates.map((d) => ({ label: ruleIdOf(d) ?? "", detail: d.message, diagnostic: d })),
      { placeHolder: "Which finding?" },
    );
    if (!pick) return;
    chosen = pick.diagnostic;
  }
  const ruleId = ruleIdOf(chosen);
  if (!client?.isRunning() || !ruleId) {
    void vscode.window.showWarningMessage("suggestguard: the server is not running.");
    return;
  }
  const markdown = await client.sendRequest(ExecuteCommandRequest.type, {
    command: SERVER_EXPLAIN,
    arguments: [ruleId],
  });
  if (typeof markdown !== "string") {
    void vscode.window.showWarningMessage(`suggestguard: no explanation for ${ruleId}.`);
    return;
  }
  const path = `/${ruleId}.md`;
  explanations.set(path, markdown);
  const uri = vscode.Uri.from({ scheme: EXPLAIN_SCHEME, path });
  await vscode.commands.executeCommand("markdown.showPreviewToSide", uri);
}

async function scanWorkspace(): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    void vscode.window.showInformationMessage("suggestguard: open a folder to scan it.");
    return;
  }
  const offered = client?.initializeResult?.capabilities.executeCommandProvider?.commands ?? [];
  if (client?.isRunning() && offered.includes(SERVER_SCAN)) {
    const result = (await client.sendRequest(ExecuteCommandRequest.type, { command: SERVER_SCAN, arguments: [] })) as {
      files?: number;
      findings?: number;
    } | null;
    void vscode.window.showInformationMessage(
      `suggestguard: scanned ${result?.files ?? 0} files, ${result?.findings ?? 0} findings (see the Problems panel).`,
    );
    return;
  }
  if (!binaryPath) {
    void vscode.window.showWarningMessage("suggestguard: the binary was not found; see the suggestguard log.");
    return;
  }
  // A server without the workspace scan command: run the CLI in a terminal instead.
  const terminal = vscode.window.createTerminal({
    name: "suggestguard scan",
    cwd: folder.uri.fsPath,
    shellPath: binaryPath,
    shellArgs: ["scan", "."],
  });
  terminal.show();
}
