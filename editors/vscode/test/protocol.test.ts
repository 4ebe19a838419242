// End to end: the real `suggestguard lsp` binary, driven over stdio with
// vscode-languageserver-protocol (the library VS Code's client is built on),
// initialized the way the extension initializes it.

import { strict as assert } from "node:assert";
import { ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { after, before, test } from "node:test";
import { pathToFileURL } from "node:url";
import {
  ClientCapabilities,
  CodeAction,
  CodeActionRequest,
  ConfigurationRequest,
  createProtocolConnection,
  Diagnostic,
  DiagnosticSeverity,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExecuteCommandRequest,
  ExitNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  InitializeResult,
  LogMessageNotification,
  MarkupContent,
  ProtocolConnection,
  PublishDiagnosticsNotification,
  PublishDiagnosticsParams,
  ShowMessageNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  TextEdit,
} from "vscode-languageserver-protocol/node";
import { resolveServer } from "../src/binary";
import { pushDiagnosticsOnly } from "../src/capabilities";
import { mapSettings, SECTION, ServerSettings } from "../src/settings";

const repoRoot = resolve(__dirname, "..", "..", "..", "..");
const TIMEOUT_MS = 20000;

/** The binary: $SUGGESTGUARD_BIN, else the repository's release build, else its debug build. */
function serverBinary(): string {
  const candidates = [
    process.env.SUGGESTGUARD_BIN,
    join(repoRoot, "target", "release", "suggestguard"),
    join(repoRoot, "target", "debug", "suggestguard"),
  ].filter((c): c is string => !!c);
  for (const configured of candidates) {
    const found = resolveServer({
      configured,
      extensionPath: "/nonexistent",
      platform: process.platform,
      env: {},
      isExecutable: (f) => existsSync(f),
    });
    if (found.ok) return found.path;
  }
  throw new Error(`no suggestguard binary: build it with \`cargo build\` or set SUGGESTGUARD_BIN (looked at ${candidates.join(", ")})`);
}

/** Settings as the extension sends them when every setting has its package.json default. */
function defaultSettings(): ServerSettings {
  const pkg = JSON.parse(readFileSync(join(__dirname, "..", "..", "package.json"), "utf8"));
  const props = pkg.contributes.configuration.properties as Record<string, { default: unknown }>;
  const { settings, problems } = mapSettings((key) => props[`${SECTION}.${key}`]?.default);
  assert.deepEqual(problems, []);
  return { ...settings, debounceMs: 0 };
}

/** Apply LSP edits (UTF-16 positions, non-overlapping) to a text. */
function applyEdits(text: string, edits: TextEdit[]): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === "\n") lineStarts.push(i + 1);
  const offset = (p: { line: number; character: number }) => lineStarts[p.line] + p.character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

class Session {
  readonly connection: ProtocolConnection;
  readonly child: ChildProcessWithoutNullStreams;
  readonly warnings: string[] = [];
  readonly logs: string[] = [];
  readonly configurationPulls: unknown[] = [];
  /** What the test answers to workspace/configuration for section "suggestguard". */
  pulledSettings: ServerSettings = {};
  private latest = new Map<string, PublishDiagnosticsParams>();
  private waiters: Array<() => void> = [];

  constructor(binary: string) {
    this.child = spawn(binary, ["lsp"], { stdio: ["pipe", "pipe", "pipe"] });
    this.child.stderr.on("data", (chunk) => this.logs.push(String(chunk)));
    this.connection = createProtocolConnection(
      new StreamMessageReader(this.child.stdout),
      new StreamMessageWriter(this.child.stdin),
    );
    this.connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      this.latest.set(params.uri, params);
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.connection.onNotification(ShowMessageNotification.type, (p) => this.warnings.push(p.message));
    this.connection.onNotification(LogMessageNotification.type, (p) => this.logs.push(p.message));
    this.connection.onRequest(ConfigurationRequest.type, (params) => {
      this.configurationPulls.push(params);
      return params.items.map((item) => (item.section === SECTION ? this.pulledSettings : null));
    });
    this.connection.listen();
  }

  async initialize(settings: ServerSettings): Promise<InitializeResult> {
    const result = await this.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: null,
      initializationOptions: settings,
      // What VS Code's client offers (it offers pull diagnostics), as the extension edits it.
      capabilities: pushDiagnosticsOnly<ClientCapabilities>({
        general: { positionEncodings: ["utf-16"] },
        window: { workDoneProgress: true },
        workspace: {
          configuration: true,
          didChangeConfiguration: { dynamicRegistration: true },
          diagnostics: { refreshSupport: true },
        },
        textDocument: {
          synchronization: { dynamicRegistration: true, didSave: true },
          publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true, dataSupport: true, versionSupport: false },
          hover: { contentFormat: ["markdown", "plaintext"] },
          codeAction: {
            dataSupport: true,
            isPreferredSupport: true,
            codeActionLiteralSupport: { codeActionKind: { valueSet: ["", "quickfix", "refactor", "source"] } },
          },
          diagnostic: { dynamicRegistration: true, relatedDocumentSupport: false },
        },
      }),
    });
    await this.connection.sendNotification(InitializedNotification.type, {});
    return result;
  }

  /** Wait until the latest diagnostics for `uri` satisfy `ok`. */
  async diagnostics(uri: string, ok: (d: Diagnostic[]) => boolean, what: string): Promise<Diagnostic[]> {
    const deadline = Date.now() + TIMEOUT_MS;
    for (;;) {
      const current = this.latest.get(uri)?.diagnostics;
      if (current && ok(current)) return current;
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(current)}; log: ${this.logs.join(" | ")}`);
      }
      await new Promise<void>((wake) => {
        const timer = setTimeout(wake, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          wake();
        });
      });
    }
  }

  async open(uri: string, languageId: string, text: string): Promise<void> {
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId, version: 1, text },
    });
  }

  async close(): Promise<number | null> {
    await this.connection.sendRequest(ShutdownRequest.type);
    await this.connection.sendNotification(ExitNotification.type);
    const code = await new Promise<number | null>((done) => {
      const timer = setTimeout(() => {
        this.child.kill();
        done(null);
      }, 5000);
      this.child.on("exit", (c) => {
        clearTimeout(timer);
        done(c);
      });
    });
    this.connection.dispose();
    return code;
  }
}

const yamlSource = [
  "import yaml",
  "",
  "def read_config(path):",
  "    with open(path) as f:",
  "        return yaml.load(f)",
  "",
].join("\n");

let session: Session;
let init: InitializeResult;

before(async () => {
  session = new Session(serverBinary());
  init = await session.initialize(defaultSettings());
});

after(async () => {
  const code = await session.close();
  assert.equal(code, 0, "the server exits cleanly after shutdown + exit");
});

test("initialize: the capabilities the extension relies on", () => {
  const caps = init.capabilities;
  assert.equal(init.serverInfo?.name, "suggestguard");
  assert.ok(caps.hoverProvider);
  assert.ok(caps.codeActionProvider);
  assert.ok(caps.executeCommandProvider?.commands.includes("suggestguard.explain"));
  assert.equal(caps.diagnosticProvider, undefined, "diagnostics are pushed: the extension withdrew the pull offer");
  assert.deepEqual(session.warnings, [], "the extension's default settings are all accepted");
});

test("diagnostics, a quick fix applied, and the finding gone", async () => {
  const uri = pathToFileURL("/tmp/suggestguard-vscode/app/config.py").href;
  await session.open(uri, "python", yamlSource);
  const diags = await session.diagnostics(uri, (d) => d.length > 0, "the yaml.load finding");
  assert.equal(diags.length, 1, JSON.stringify(diags));
  const d = diags[0];
  assert.equal(d.code, "py-yaml-load");
  assert.equal(d.source, "suggestguard");
  assert.equal(d.severity, DiagnosticSeverity.Error);
  assert.deepEqual(d.range, { start: { line: 4, character: 15 }, end: { line: 4, character: 27 } });
  assert.match(d.codeDescription?.href ?? "", /cwe.*502/);

  const actions = (await session.connection.sendRequest(CodeActionRequest.type, {
    textDocument: { uri },
    range: d.range,
    context: { diagnostics: [d], only: ["quickfix"] },
  })) as CodeAction[];
  const titles = actions.map((a) => a.title);
  assert.deepEqual(titles, ["Use yaml.safe_load", "Ignore `py-yaml-load` on this line"]);
  const fix = actions[0];
  assert.equal(fix.kind, "quickfix");
  assert.equal(fix.isPreferred, true);
  const edits = fix.edit?.changes?.[uri];
  assert.ok(edits && edits.length > 0, "the fix edits this document");
  const fixed = applyEdits(yamlSource, edits);
  assert.equal(fixed, yamlSource.replace("yaml.load(f)", "yaml.safe_load(f)"));

  // The editor applies the edit and sends it as an incremental change.
  await session.connection.sendNotification(DidChangeTextDocumentNotification.type, {
    textDocument: { uri, version: 2 },
    contentChanges: edits.map((e) => ({ range: e.range, text: e.newText })),
  });
  await session.diagnostics(uri, (list) => list.length === 0, "the finding to go after the fix");

  // The ignore action silences the rule on its line.
  const ignored = applyEdits(yamlSource, (actions[1].edit?.changes?.[uri]) ?? []);
  assert.match(ignored.split("\n")[4], /yaml\.load\(f\)\s+# suggestguard: ignore\[py-yaml-load\]$/);
});

test("hover and the explain command return the rule's explanation", async () => {
  const uri = pathToFileURL("/tmp/suggestguard-vscode/app/hover.py").href;
  await session.open(uri, "python", yamlSource);
  await session.diagnostics(uri, (d) => d.length === 1, "a finding to hover");
  const hover = await session.connection.sendRequest(HoverRequest.type, {
    textDocument: { uri },
    position: { line: 4, character: 20 },
  });
  const contents = hover?.contents as MarkupContent;
  assert.equal(contents.kind, "markdown");
  assert.match(contents.value, /yaml\.safe_load/);
  const nothing = await session.connection.sendRequest(HoverRequest.type, {
    textDocument: { uri },
    position: { line: 0, character: 0 },
  });
  assert.equal(nothing, null);

  const markdown = await session.connection.sendRequest(ExecuteCommandRequest.type, {
    command: "suggestguard.explain",
    arguments: ["py-yaml-load"],
  });
  assert.equal(typeof markdown, "string");
  assert.match(markdown as string, /safe_load/);
  await assert.rejects(
    session.connection.sendRequest(ExecuteCommandRequest.type, { command: "suggestguard.explain", arguments: ["no-such-rule"] }),
    /unknown rule/,
  );
});

test("settings pushed and pulled take effect without a restart", async () => {
  const uri = pathToFileURL("/tmp/suggestguard-vscode/app/settings.py").href;
  await session.open(uri, "python", yamlSource);
  await session.diagnostics(uri, (d) => d.length === 1, "the finding before the change");

  // Pushed, as the extension does on a change of suggestguard.severity.
  const pushed = mapSettings((key) => (key === "severity" ? { "py-yaml-load": "warning" } : key === "debounceMs" ? 0 : undefined));
  await session.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: pushed.settings });
  await session.diagnostics(uri, (d) => d.length === 1 && d[0].severity === DiagnosticSeverity.Warning, "the severity override");

  // Empty push: the server pulls section "suggestguard", which the extension's middleware answers.
  session.pulledSettings = mapSettings((key) => (key === "rules" ? { "py-yaml-load": "off" } : key === "debounceMs" ? 0 : undefined)).settings;
  await session.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
  await session.diagnostics(uri, (d) => d.length === 0, "the rule turned off by pulled settings");
  assert.ok(session.configurationPulls.length >= 1, "the server asked for its section");

  session.pulledSettings = { debounceMs: 0, minSeverity: "error" };
  await session.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
  await session.diagnostics(uri, (d) => d.length === 1 && d[0].severity === DiagnosticSeverity.Error, "the rule back on");

  session.pulledSettings = { debounceMs: 0, minSeverity: "error", severity: { "py-yaml-load": "info" } };
  await session.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
  await session.diagnostics(uri, (d) => d.length === 0, "minSeverity hiding a finding lowered to info");
  assert.deepEqual(session.warnings, [], "no setting the extension sends is rejected");
});

test("manifest and config files the extension selects are accepted", async () => {
  for (const [name, languageId, text] of [
    ["requirements.txt", "pip-requirements", "requests==2.31.0\n"],
    [".env", "dotenv", "DEBUG=1\n"],
    ["Cargo.toml", "toml", "[package]\nname = \"demo\"\n"],
  ]) {
    const uri = pathToFileURL(`/tmp/suggestguard-vscode/app/${name}`).href;
    await session.open(uri, languageId, text);
    await session.diagnostics(uri, () => true, `diagnostics for ${name}`);
  }
});
