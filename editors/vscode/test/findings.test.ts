import { strict as assert } from "node:assert";
import { test } from "node:test";
import { countFindings, DiagnosticLike, findingsAt, ruleIdOf, statusView } from "../src/findings";

const diag = (code: DiagnosticLike["code"], line: number, start: number, end: number, source = "suggestguard"): DiagnosticLike => ({
  source,
  code,
  message: `finding ${String(code)}`,
  range: { start: { line, character: start }, end: { line, character: end } },
});

test("rule ids come from plain and structured codes", () => {
  assert.equal(ruleIdOf(diag("py-yaml-load", 0, 0, 1)), "py-yaml-load");
  assert.equal(ruleIdOf(diag({ value: "py-eval-injection" }, 0, 0, 1)), "py-eval-injection");
  assert.equal(ruleIdOf(diag(undefined, 0, 0, 1)), undefined);
});

test("the finding under the cursor is chosen, others' and other tools' are not", () => {
  const list = [diag("a", 3, 4, 10), diag("b", 3, 12, 20), diag("c", 3, 4, 10, "pyright"), diag("d", 5, 0, 3)];
  assert.deepEqual(findingsAt(list, { line: 3, character: 6 }).map(ruleIdOf), ["a"]);
  assert.deepEqual(findingsAt(list, { line: 3, character: 10 }).map(ruleIdOf), ["a"]);
  // Between findings on the line: every finding of that line.
  assert.deepEqual(findingsAt(list, { line: 3, character: 11 }).map(ruleIdOf), ["a", "b"]);
  assert.deepEqual(findingsAt(list, { line: 4, character: 0 }), []);
});

test("only suggestguard's diagnostics are counted", () => {
  assert.equal(countFindings([diag("a", 0, 0, 1), diag("x", 0, 0, 1, "pyright"), diag("b", 1, 0, 1)]), 2);
});

test("the status bar names the state and the count", () => {
  assert.equal(statusView("running", 3).text, "$(shield) suggestguard: 3");
  assert.match(statusView("running", 1).tooltip, /1 finding in this file/);
  assert.equal(statusView("running", 0).text, "$(shield) suggestguard");
  assert.equal(statusView("running", undefined).error, false);
  assert.match(statusView("stopped", 2).tooltip, /Restart Server/);
  const failed = statusView("error", undefined, "the binary was not found");
  assert.equal(failed.error, true);
  assert.match(failed.tooltip, /binary was not found/);
  assert.match(statusView("starting", undefined).text, /loading/);
  assert.match(statusView("disabled", undefined).tooltip, /suggestguard\.enable/);
});
