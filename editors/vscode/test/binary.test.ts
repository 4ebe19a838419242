import { strict as assert } from "node:assert";
import { test } from "node:test";
import { binaryName, expandSetting, pathCandidates, ResolveInput, resolveServer } from "../src/binary";

/** An input whose file system holds exactly `files`. */
function input(files: string[], over: Partial<ResolveInput> = {}): ResolveInput {
  const set = new Set(files);
  return {
    extensionPath: "/ext",
    platform: "linux",
    env: { PATH: "/usr/local/bin:/usr/bin", HOME: "/home/dev" },
    isExecutable: (f) => set.has(f),
    ...over,
  };
}

test("the setting wins over the bundled binary and PATH", () => {
  const r = resolveServer(input(["/opt/sg/suggestguard", "/ext/bin/suggestguard", "/usr/bin/suggestguard"], { configured: "/opt/sg/suggestguard" }));
  assert.deepEqual(r, { ok: true, path: "/opt/sg/suggestguard", source: "setting" });
});

test("a setting that points nowhere is an error naming the setting, not a silent fallback", () => {
  const r = resolveServer(input(["/usr/bin/suggestguard"], { configured: "/nope/suggestguard" }));
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.match(r.message, /suggestguard\.path/);
    assert.match(r.message, /\/nope\/suggestguard/);
    assert.deepEqual(r.tried, ["/nope/suggestguard"]);
  }
});

test("an empty setting falls through to the bundled binary", () => {
  const r = resolveServer(input(["/ext/bin/suggestguard", "/usr/bin/suggestguard"], { configured: "  " }));
  assert.deepEqual(r, { ok: true, path: "/ext/bin/suggestguard", source: "bundled" });
});

test("without a bundled binary the first PATH entry that has one is used", () => {
  const r = resolveServer(input(["/usr/bin/suggestguard"]));
  assert.deepEqual(r, { ok: true, path: "/usr/bin/suggestguard", source: "path" });
});

test("nothing found: the message says what to do and lists every place looked at", () => {
  const r = resolveServer(input([]));
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.match(r.message, /not found/);
    assert.match(r.message, /suggestguard\.path/);
    assert.match(r.message, /cargo install/);
    assert.deepEqual(r.tried, ["/ext/bin/suggestguard", "/usr/local/bin/suggestguard", "/usr/bin/suggestguard"]);
  }
});

test("~, ${workspaceFolder} and relative paths in the setting are expanded", () => {
  const base = input([], { workspaceFolder: "/work/proj" });
  assert.equal(expandSetting("~/bin/suggestguard", base), "/home/dev/bin/suggestguard");
  assert.equal(expandSetting("${workspaceFolder}/target/release/suggestguard", base), "/work/proj/target/release/suggestguard");
  assert.equal(expandSetting("target/debug/suggestguard", base), "/work/proj/target/debug/suggestguard");
  const r = resolveServer(input(["/work/proj/target/debug/suggestguard"], { workspaceFolder: "/work/proj", configured: "target/debug/suggestguard" }));
  assert.deepEqual(r, { ok: true, path: "/work/proj/target/debug/suggestguard", source: "setting" });
});

test("Windows: .exe bundled, PATHEXT and ; separated Path", () => {
  assert.equal(binaryName("win32"), "suggestguard.exe");
  const win = input([], {
    platform: "win32",
    extensionPath: "C:\\ext",
    env: { Path: "C:\\tools;\"C:\\Program Files\\sg\"", PATHEXT: ".EXE;.CMD" },
  });
  assert.deepEqual(pathCandidates(win), [
    "C:\\tools\\suggestguard.exe",
    "C:\\tools\\suggestguard.cmd",
    "C:\\Program Files\\sg\\suggestguard.exe",
    "C:\\Program Files\\sg\\suggestguard.cmd",
  ]);
  const bundled = resolveServer({ ...win, isExecutable: (f) => f === "C:\\ext\\bin\\suggestguard.exe" });
  assert.deepEqual(bundled, { ok: true, path: "C:\\ext\\bin\\suggestguard.exe", source: "bundled" });
  const onPath = resolveServer({ ...win, isExecutable: (f) => f === "C:\\Program Files\\sg\\suggestguard.exe" });
  assert.deepEqual(onPath, { ok: true, path: "C:\\Program Files\\sg\\suggestguard.exe", source: "path" });
});

test("an empty PATH yields no candidates", () => {
  assert.deepEqual(pathCandidates(input([], { env: {} })), []);
});
