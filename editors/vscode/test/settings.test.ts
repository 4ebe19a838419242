import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { changeAction, CLIENT_ONLY, mapSettings, SECTION } from "../src/settings";

const getter = (values: Record<string, unknown>) => (key: string) => values[key];

/** The defaults package.json declares, keyed without the section prefix. */
export function packageDefaults(): Record<string, unknown> {
  const pkg = JSON.parse(readFileSync(join(__dirname, "..", "..", "package.json"), "utf8"));
  const props = pkg.contributes.configuration.properties as Record<string, { default: unknown }>;
  const out: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(props)) {
    assert.ok(key.startsWith(SECTION + "."), key);
    out[key.slice(SECTION.length + 1)] = schema.default;
  }
  return out;
}

test("every setting package.json declares is mapped or known to be the extension's own", () => {
  const defaults = packageDefaults();
  const { settings, problems } = mapSettings(getter(defaults));
  assert.deepEqual(problems, []);
  for (const key of Object.keys(defaults)) {
    const mapped = key in settings || (CLIENT_ONLY as readonly string[]).includes(key);
    const emptyTable = (key === "rules" || key === "severity") && JSON.stringify(defaults[key]) === "{}";
    assert.ok(mapped || emptyTable, `package.json setting ${key} is neither sent to the server nor client-only`);
  }
  assert.deepEqual(settings, {
    debounceMs: 30,
    minSeverity: "hint",
    focus: "all",
    onlinePackageChecks: false,
    lessons: "auto",
  });
});

test("client-only settings never reach the server", () => {
  const { settings } = mapSettings(getter({ enable: true, path: "/x", "trace.server": "verbose", debounceMs: 5 }));
  assert.deepEqual(settings, { debounceMs: 5 });
});

test("rules accept booleans and on/off; severities are checked", () => {
  const { settings, problems } = mapSettings(
    getter({
      rules: { "py-yaml-load": "off", "py-eval-injection": true, "rs-sql-format": "maybe" },
      severity: { "py-tls-verify-disabled": "warning", "py-pickle-load": "loud" },
    }),
  );
  assert.deepEqual(settings.rules, { "py-yaml-load": false, "py-eval-injection": true });
  assert.deepEqual(settings.severity, { "py-tls-verify-disabled": "warning" });
  assert.equal(problems.length, 2);
  assert.match(problems[0], /rules\.rs-sql-format/);
  assert.match(problems[1], /severity\.py-pickle-load/);
});

test("bad scalar values are left out and reported, good ones kept", () => {
  const { settings, problems } = mapSettings(
    getter({ debounceMs: -1, minSeverity: "loud", focus: "nearby", onlinePackageChecks: "yes", lessons: "always-full" }),
  );
  assert.deepEqual(settings, { lessons: "always-full" });
  assert.equal(problems.length, 4);
  const big = mapSettings(getter({ debounceMs: 10001 }));
  assert.equal(big.settings.debounceMs, undefined);
  assert.equal(mapSettings(getter({ debounceMs: 12.6 })).settings.debounceMs, 13);
});

test("focus values match the server's", () => {
  for (const focus of ["all", "new-code", "changed-since-head"]) {
    assert.equal(mapSettings(getter({ focus })).settings.focus, focus);
  }
});

test("a configuration change restarts only when it must", () => {
  const only = (...keys: string[]) => (k: string) => keys.includes(k);
  assert.equal(changeAction(only("enable")), "start-or-stop");
  assert.equal(changeAction(only("path")), "restart");
  assert.equal(changeAction(only("rules")), "push");
  assert.equal(changeAction(only("minSeverity", "focus")), "push");
  assert.equal(changeAction(only("trace.server")), "none");
  assert.equal(changeAction(only()), "none");
});
