// Reading suggestguard's diagnostics back (which finding is under the cursor,
// how many a file has) and what the status bar says. Structural types only,
// so VS Code's Diagnostic fits and the logic is unit-tested without VS Code.

export const SOURCE = "suggestguard";

export interface Pos {
  line: number;
  character: number;
}

export interface DiagnosticLike {
  source?: string;
  code?: string | number | { value: string | number };
  message: string;
  range: { start: Pos; end: Pos };
}

/** The rule id a diagnostic carries in `code`. */
export function ruleIdOf(d: DiagnosticLike): string | undefined {
  const code = typeof d.code === "object" && d.code !== null ? d.code.value : d.code;
  return code === undefined ? undefined : String(code);
}

function before(a: Pos, b: Pos): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

/** Our findings whose range holds `pos`; when none does, those on its line. */
export function findingsAt<T extends DiagnosticLike>(diagnostics: readonly T[], pos: Pos): T[] {
  const ours = diagnostics.filter((d) => d.source === SOURCE && ruleIdOf(d) !== undefined);
  const under = ours.filter((d) => !before(pos, d.range.start) && !before(d.range.end, pos));
  if (under.length > 0) return under;
  return ours.filter((d) => d.range.start.line <= pos.line && pos.line <= d.range.end.line);
}

export function countFindings(diagnostics: readonly DiagnosticLike[]): number {
  return diagnostics.filter((d) => d.source === SOURCE).length;
}

export type ServerState = "starting" | "running" | "stopped" | "disabled" | "error";

export interface StatusView {
  text: string;
  tooltip: string;
  /** Show the item with the error background. */
  error: boolean;
}

/** The status bar item for a server state and the active file's finding count. */
export function statusView(state: ServerState, findings: number | undefined, detail?: string): StatusView {
  switch (state) {
    case "starting":
      return { text: "$(loading~spin) suggestguard", tooltip: "suggestguard: starting the server", error: false };
    case "running": {
      if (findings === undefined) {
        return { text: "$(shield) suggestguard", tooltip: "suggestguard: running. Click for the log.", error: false };
      }
      const noun = findings === 1 ? "finding" : "findings";
      return {
        text: findings === 0 ? "$(shield) suggestguard" : `$(shield) suggestguard: ${findings}`,
        tooltip: `suggestguard: running; ${findings} ${noun} in this file. Click for the log.`,
        error: false,
      };
    }
    case "stopped":
      return {
        text: "$(circle-slash) suggestguard",
        tooltip: "suggestguard: the server is stopped. Run \"suggestguard: Restart Server\" to start it.",
        error: false,
      };
    case "disabled":
      return { text: "$(circle-slash) suggestguard", tooltip: "suggestguard: disabled by suggestguard.enable", error: false };
    case "error":
      return {
        text: "$(error) suggestguard",
        tooltip: `suggestguard: ${detail ?? "the server failed"}. Click for the log.`,
        error: true,
      };
  }
}
