import { strict as assert } from "node:assert";
import { test } from "node:test";
import { pushDiagnosticsOnly } from "../src/capabilities";

test("the pull-diagnostics offer is withdrawn and everything else kept", () => {
  const caps = {
    textDocument: { diagnostic: { dynamicRegistration: true }, hover: { contentFormat: ["markdown"] } },
    workspace: { configuration: true },
  };
  const out = pushDiagnosticsOnly(caps);
  assert.deepEqual(out, { textDocument: { hover: { contentFormat: ["markdown"] } }, workspace: { configuration: true } });
  assert.deepEqual(pushDiagnosticsOnly({}), {});
});
