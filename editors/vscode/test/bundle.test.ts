// The bundled extension (out/extension.js, what the .vsix ships) loads and
// exports its entry points. `vscode` exists only inside VS Code, so a stub
// that answers every property stands in for it.

import { strict as assert } from "node:assert";
import { existsSync } from "node:fs";
import Module from "node:module";
import { join } from "node:path";
import { test } from "node:test";

function stub(): unknown {
  const fn = function () {
    return stub();
  };
  return new Proxy(fn, {
    get: (_target, key) => (key === Symbol.toPrimitive ? () => "" : key === "then" ? undefined : stub()),
    construct: () => stub() as object,
  });
}

test("the bundle loads with only `vscode` external and exports activate/deactivate", () => {
  const bundle = join(__dirname, "..", "..", "out", "extension.js");
  assert.ok(existsSync(bundle), `${bundle} is missing: run \`npm run bundle\``);
  const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const original = loader._load;
  const requested: string[] = [];
  loader._load = function (request: string, ...rest: unknown[]) {
    requested.push(request);
    if (request === "vscode") return stub();
    return original.call(this, request, ...rest);
  };
  try {
    const ext = require(bundle) as { activate?: unknown; deactivate?: unknown };
    assert.equal(typeof ext.activate, "function");
    assert.equal(typeof ext.deactivate, "function");
  } finally {
    loader._load = original;
  }
  const external = [...new Set(requested.filter((r) => !r.startsWith("node:") && !Module.builtinModules.includes(r) && r !== bundle))];
  assert.deepEqual(external, ["vscode"], "everything but vscode is bundled");
});
