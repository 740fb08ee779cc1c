import { diffChange, formatEntry, SENSITIVE_TEXT, UNKNOWN_TEXT } from "../../lib/plan-review/diff";
import type { Change } from "../../lib/plan-review/plan";

const lines = (change: Change, root?: string): string[] => diffChange(change, root).map((entry) => formatEntry(entry, false));

describe("diffChange", () => {
  it("lists only the attributes that change in an update", () => {
    const change: Change = { actions: ["update"], before: { name: "a", size: 1 }, after: { name: "a", size: 2 }, after_unknown: {} };
    expect(lines(change)).toEqual(["! size: 1 -> 2"]);
  });

  it("shows values unknown until apply as known after apply", () => {
    const change: Change = { actions: ["create"], before: null, after: { name: "vm" }, after_unknown: { id: true } };
    expect(lines(change)).toEqual(['+ name: "vm"', `+ id: ${UNKNOWN_TEXT}`]);
  });

  it("masks a value marked sensitive deep inside nested blocks on both sides", () => {
    const change: Change = {
      actions: ["update"],
      before: { init: [{ user: { password: "old-secret-1" } }] },
      after: { init: [{ user: { password: "new-secret-2" } }] },
      after_unknown: {},
      before_sensitive: { init: [{ user: { password: true } }] },
      after_sensitive: { init: [{ user: { password: true } }] },
    };
    expect(lines(change)).toEqual([`! init[0].user.password: ${SENSITIVE_TEXT} -> ${SENSITIVE_TEXT}`]);
  });

  it("masks the whole value when only the after side is marked sensitive", () => {
    const change: Change = { actions: ["update"], before: { token: "clear-before" }, after: { token: "secret-after" }, after_unknown: {}, after_sensitive: { token: true } };
    expect(lines(change).join("\n")).not.toMatch(/clear-before|secret-after/);
  });

  it("masks a whole sensitive map without naming its keys", () => {
    const change: Change = { actions: ["create"], before: null, after: { env: { API_KEY: "abc123xyz" } }, after_unknown: {}, after_sensitive: { env: true } };
    expect(lines(change)).toEqual([`+ env: ${SENSITIVE_TEXT}`]);
  });

  it("masks a sensitive output under the output's name", () => {
    const change: Change = { actions: ["create"], before: null, after: "kubeconfig-data", after_unknown: false, before_sensitive: false, after_sensitive: true };
    expect(lines(change, "kubeconfig")).toEqual([`+ kubeconfig: ${SENSITIVE_TEXT}`]);
  });

  it("does not report an unchanged sensitive value", () => {
    const change: Change = { actions: ["update"], before: { pw: "same-secret", n: 1 }, after: { pw: "same-secret", n: 2 }, after_unknown: {}, before_sensitive: { pw: true }, after_sensitive: { pw: true } };
    expect(lines(change)).toEqual(["! n: 1 -> 2"]);
  });

  it("masks sensitive members inside a value that is printed whole", () => {
    const change: Change = { actions: ["update"], before: { cfg: "plain" }, after: { cfg: { user: "root", password: "hunter2-secret" } }, after_unknown: {}, after_sensitive: { cfg: { password: true } } };
    expect(lines(change)).toEqual([`! cfg: "plain" -> {"user":"root","password":${SENSITIVE_TEXT}}`]);
  });

  it("writes map keys that are not identifiers in brackets", () => {
    const change: Change = { actions: ["update"], before: { labels: { "app.kubernetes.io/name": "a" } }, after: { labels: { "app.kubernetes.io/name": "b" } }, after_unknown: {} };
    expect(lines(change)).toEqual(['! labels["app.kubernetes.io/name"]: "a" -> "b"']);
  });

  it("prints no line of a multi-line value that could close the code block", () => {
    const change: Change = { actions: ["update"], before: { data: "a\n```\n   ```\nb" }, after: { data: "c\n~~~" }, after_unknown: {} };
    for (const line of lines(change).join("\n").split("\n")) expect(line).not.toMatch(/^ {0,3}(```|~~~)/);
  });

  it("cuts very long values and says how long they were", () => {
    const change: Change = { actions: ["create"], before: null, after: { blob: "x".repeat(5000) }, after_unknown: {} };
    expect(lines(change)[0]).toMatch(/… \(5000 chars\)$/);
  });

  it("reports null becoming an empty map in an update", () => {
    const change: Change = { actions: ["update"], before: { tags: null }, after: { tags: {} }, after_unknown: {} };
    expect(lines(change)).toEqual(["! tags: null -> {}"]);
  });

  it("marks the lines a replacement is forced by", () => {
    const [entry] = diffChange({ actions: ["delete", "create"], before: { a: 1 }, after: { a: 2 }, after_unknown: {} });
    expect(formatEntry(entry, true)).toBe("! a: 1 -> 2   # forces replacement");
  });
});
