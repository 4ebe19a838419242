// VS Code's `suggestguard.*` settings to the settings object the server reads
// (initializationOptions, workspace/didChangeConfiguration and
// workspace/configuration). Pure logic, unit-tested without VS Code.

export const SECTION = "suggestguard";

export const SEVERITIES = ["error", "warning", "info", "hint"] as const;
export type SeverityName = (typeof SEVERITIES)[number];
export const FOCUS = ["all", "new-code", "changed-since-head"] as const;
export const LESSONS = ["auto", "always-full", "off"] as const;

/** The settings the server understands (server/src/config.rs). */
export interface ServerSettings {
  debounceMs?: number;
  rules?: Record<string, boolean>;
  severity?: Record<string, SeverityName>;
  minSeverity?: SeverityName;
  focus?: (typeof FOCUS)[number];
  onlinePackageChecks?: boolean;
  lessons?: (typeof LESSONS)[number];
}

/** Settings read by the extension only; the server never needs them. */
export const CLIENT_ONLY = ["enable", "path", "trace.server"] as const;

export interface Mapped {
  settings: ServerSettings;
  /** Values that were left out, one message each, for the output channel. */
  problems: string[];
}

/** Read one key of the `suggestguard` section (undefined when unset). */
export type Getter = (key: string) => unknown;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function oneOf<T extends string>(allowed: readonly T[], value: unknown): value is T {
  return typeof value === "string" && (allowed as readonly string[]).includes(value);
}

/**
 * Build the server's settings. A bad value is left out (the server then keeps
 * its default) and named in `problems`, so one typo does not cost the rest.
 */
export function mapSettings(get: Getter): Mapped {
  const settings: ServerSettings = {};
  const problems: string[] = [];
  const bad = (key: string, value: unknown, expected: string) =>
    problems.push(`suggestguard.${key}: expected ${expected}, got ${JSON.stringify(value)}; the default stays`);

  const debounce = get("debounceMs");
  if (debounce !== undefined && debounce !== null) {
    if (typeof debounce === "number" && Number.isFinite(debounce) && debounce >= 0 && debounce <= 10000) {
      settings.debounceMs = Math.round(debounce);
    } else {
      bad("debounceMs", debounce, "a number of milliseconds from 0 to 10000");
    }
  }

  const rules = get("rules");
  if (rules !== undefined && rules !== null) {
    if (isRecord(rules)) {
      const out: Record<string, boolean> = {};
      for (const [id, on] of Object.entries(rules)) {
        if (typeof on === "boolean") out[id] = on;
        else if (on === "on" || on === "off") out[id] = on === "on";
        else bad(`rules.${id}`, on, "true/false or \"on\"/\"off\"");
      }
      if (Object.keys(out).length > 0) settings.rules = out;
    } else {
      bad("rules", rules, "an object of rule id -> true/false");
    }
  }

  const severity = get("severity");
  if (severity !== undefined && severity !== null) {
    if (isRecord(severity)) {
      const out: Record<string, SeverityName> = {};
      for (const [id, level] of Object.entries(severity)) {
        if (oneOf(SEVERITIES, level)) out[id] = level;
        else bad(`severity.${id}`, level, SEVERITIES.join(", "));
      }
      if (Object.keys(out).length > 0) settings.severity = out;
    } else {
      bad("severity", severity, "an object of rule id -> severity");
    }
  }

  const minSeverity = get("minSeverity");
  if (minSeverity !== undefined && minSeverity !== null) {
    if (oneOf(SEVERITIES, minSeverity)) settings.minSeverity = minSeverity;
    else bad("minSeverity", minSeverity, SEVERITIES.join(", "));
  }

  const focus = get("focus");
  if (focus !== undefined && focus !== null) {
    if (oneOf(FOCUS, focus)) settings.focus = focus;
    else bad("focus", focus, FOCUS.join(", "));
  }

  const online = get("onlinePackageChecks");
  if (online !== undefined && online !== null) {
    if (typeof online === "boolean") settings.onlinePackageChecks = online;
    else bad("onlinePackageChecks", online, "true or false");
  }

  const lessons = get("lessons");
  if (lessons !== undefined && lessons !== null) {
    if (oneOf(LESSONS, lessons)) settings.lessons = lessons;
    else bad("lessons", lessons, LESSONS.join(", "));
  }

  return { settings, problems };
}

/** What a configuration change means for the running server. */
export type ChangeAction = "start-or-stop" | "restart" | "push" | "none";

/**
 * Decide from the changed keys (as `affectsConfiguration` would answer for
 * `suggestguard.<key>`) what to do: `enable` starts or stops, `path` restarts
 * with another binary, `trace.server` is handled by the language client, and
 * everything else is pushed to the running server without a restart.
 */
export function changeAction(affects: (key: string) => boolean): ChangeAction {
  if (affects("enable")) return "start-or-stop";
  if (affects("path")) return "restart";
  const serverKeys = ["debounceMs", "rules", "severity", "minSeverity", "focus", "onlinePackageChecks", "lessons"];
  return serverKeys.some(affects) ? "push" : "none";
}
