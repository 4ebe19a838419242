// Where the `suggestguard` binary comes from: the `suggestguard.path` setting,
// then the binary bundled in a per-platform .vsix, then PATH. Pure logic (the
// file system is passed in), so it is unit-tested without VS Code.

import * as path from "path";

export interface ResolveInput {
  /** The `suggestguard.path` setting; empty or undefined when unset. */
  configured?: string;
  /** The first workspace folder, for relative settings and `${workspaceFolder}`. */
  workspaceFolder?: string;
  /** The extension's install directory; a bundled binary lives in `bin/` under it. */
  extensionPath: string;
  platform: NodeJS.Platform;
  env: { PATH?: string; Path?: string; PATHEXT?: string; HOME?: string; USERPROFILE?: string };
  /** Is there an executable file at this path? */
  isExecutable: (file: string) => boolean;
}

export type Source = "setting" | "bundled" | "path";

export type Resolution =
  | { ok: true; path: string; source: Source }
  | { ok: false; message: string; tried: string[] };

/** The binary's file name on `platform`. */
export function binaryName(platform: NodeJS.Platform): string {
  return platform === "win32" ? "suggestguard.exe" : "suggestguard";
}

/** The path module that matches `platform`, so Windows paths are tested on Linux too. */
function pathFor(platform: NodeJS.Platform): path.PlatformPath {
  return platform === "win32" ? path.win32 : path.posix;
}

/** Expand `~` and `${workspaceFolder}`, and make a relative path absolute from the workspace folder. */
export function expandSetting(value: string, input: ResolveInput): string {
  const p = pathFor(input.platform);
  const home = input.env.HOME ?? input.env.USERPROFILE;
  let expanded = value.trim();
  if (input.workspaceFolder) {
    expanded = expanded.split("${workspaceFolder}").join(input.workspaceFolder);
  }
  if (home && (expanded === "~" || expanded.startsWith("~/") || expanded.startsWith("~\\"))) {
    expanded = p.join(home, expanded.slice(1));
  }
  if (!p.isAbsolute(expanded) && input.workspaceFolder) {
    expanded = p.join(input.workspaceFolder, expanded);
  }
  return expanded;
}

/** Every place on PATH the binary could be, in search order. */
export function pathCandidates(input: ResolveInput): string[] {
  const p = pathFor(input.platform);
  const windows = input.platform === "win32";
  const searchPath = input.env.PATH ?? input.env.Path ?? "";
  const dirs = searchPath.split(windows ? ";" : ":").filter((d) => d.trim() !== "");
  const names = windows
    ? (input.env.PATHEXT ?? ".COM;.EXE;.BAT;.CMD")
        .split(";")
        .filter((e) => e !== "")
        .map((ext) => "suggestguard" + ext.toLowerCase())
    : ["suggestguard"];
  const out: string[] = [];
  for (const dir of dirs) {
    for (const name of names) {
      out.push(p.join(dir.replace(/^"(.*)"$/, "$1"), name));
    }
  }
  return out;
}

/** The bundled binary's path inside the extension. */
export function bundledPath(input: ResolveInput): string {
  return pathFor(input.platform).join(input.extensionPath, "bin", binaryName(input.platform));
}

/** Find the binary to run, or say why there is none and what to do. */
export function resolveServer(input: ResolveInput): Resolution {
  const configured = input.configured?.trim();
  if (configured) {
    const file = expandSetting(configured, input);
    if (input.isExecutable(file)) {
      return { ok: true, path: file, source: "setting" };
    }
    return {
      ok: false,
      tried: [file],
      message:
        `The setting suggestguard.path is "${configured}", but there is no executable at ${file}. ` +
        "Correct the path, or clear the setting to use the bundled binary or the one on PATH.",
    };
  }
  const tried: string[] = [];
  const bundled = bundledPath(input);
  tried.push(bundled);
  if (input.isExecutable(bundled)) {
    return { ok: true, path: bundled, source: "bundled" };
  }
  for (const candidate of pathCandidates(input)) {
    tried.push(candidate);
    if (input.isExecutable(candidate)) {
      return { ok: true, path: candidate, source: "path" };
    }
  }
  return {
    ok: false,
    tried,
    message:
      "The suggestguard binary was not found: this extension has none bundled for " +
      `${input.platform}, and there is no \`suggestguard\` on PATH. Install it ` +
      "(`cargo install --locked --path .` in a suggestguard checkout puts it on PATH) " +
      "or set suggestguard.path to the binary, then run \"suggestguard: Restart Server\".",
  };
}
