import * as fs from "fs";
import * as path from "path";
import { EnvironmentFileError, readEnvironmentFile } from "../../lib/config/load";
import { tempDir } from "../support/tools";

/*
 * File-level problems with an environment file: each is answered with one line naming the file
 * (and, for a syntax error, the line and column), before any field is looked at.
 */

const scratch = tempDir("environment-files");

/** Writes `content` to a scratch file and returns the message reading it fails with. */
function failureOf(name: string, content: string | Buffer): string {
  const file = path.join(scratch, name);
  fs.writeFileSync(file, content);
  try {
    readEnvironmentFile(file);
  } catch (error) {
    expect(error).toBeInstanceOf(EnvironmentFileError);
    return (error as Error).message;
  }
  throw new Error(`${name} was accepted`);
}

describe("reading an environment file", () => {
  it("reads tab-indented JSON as the same mapping JSON.parse gives", () => {
    const file = path.join(scratch, "tabs.json");
    fs.writeFileSync(file, '{\n\t"name": "x",\n\t"nested": {\n\t\t"list": [1, 2]\n\t}\n}\n');
    expect(readEnvironmentFile(file)).toEqual({ name: "x", nested: { list: [1, 2] } });
  });

  it("names a path that does not exist", () => {
    expect(() => readEnvironmentFile(path.join(scratch, "missing.yaml"))).toThrow(/missing\.yaml: no such file; check the path/);
  });

  it("names a directory passed as a file", () => {
    expect(() => readEnvironmentFile(scratch)).toThrow(/: is a directory; pass an environment file \(\.json, \.yaml or \.yml\)/);
  });

  it("refuses a file type it cannot read", () => {
    expect(failureOf("lab.toml", "name = 'x'\n")).toMatch(/lab\.toml: unsupported file type "\.toml"/);
  });

  it("names an empty file and how to start one", () => {
    expect(failureOf("empty.yaml", "  \n")).toMatch(/empty\.yaml: is empty; .*homelab init/);
  });

  it("refuses a binary file", () => {
    expect(failureOf("binary.yaml", Buffer.from([0x6e, 0x00, 0x01, 0xff]))).toMatch(/binary\.yaml: is a binary file/);
  });

  it("gives the line and column of a YAML syntax error, on one line", () => {
    const message = failureOf("syntax.yaml", "name: lab\nnetworks: [\n  - a: b\n");
    expect(message).toMatch(/syntax\.yaml:\d+:\d+: /);
    expect(message).not.toContain("\n");
  });

  it("gives the line and column of a JSON syntax error", () => {
    expect(failureOf("syntax.json", '{"name": "lab",\n "proxmox": }\n')).toMatch(/syntax\.json:2:13: not valid JSON: unexpected "}"; expected a value/);
  });

  it("rejects JSON that only a YAML parser would accept", () => {
    expect(failureOf("trailing.json", '{"name": "lab", "tags": [1, 2,],}')).toMatch(/trailing\.json:1:31: not valid JSON: unexpected "]"; expected a value/);
  });

  it("rejects duplicate keys in JSON as it does in YAML, with the line", () => {
    expect(failureOf("duplicate.json", '{"name": "lab",\n "name": "other"}')).toMatch(/duplicate\.json:2:2: Map keys must be unique; each key may appear once/);
    expect(failureOf("duplicate.yaml", "name: lab\nname: other\n")).toMatch(/duplicate\.yaml:2:1: Map keys must be unique/);
  });

  it("refuses a top-level list or scalar, saying an environment is a mapping", () => {
    expect(failureOf("list.yaml", "- a\n- b\n")).toMatch(/list\.yaml: the top level is a list; an environment is a mapping of fields/);
    expect(failureOf("scalar.yaml", "hello\n")).toMatch(/scalar\.yaml: the top level is a string \("hello"\)/);
    expect(failureOf("null.json", "null")).toMatch(/null\.json: the top level is nothing/);
  });

  it("refuses nesting deeper than any environment", () => {
    expect(failureOf("deep.json", `{"a": ${"[".repeat(40)}${"]".repeat(40)}}`)).toMatch(/deep\.json: nests deeper than 32 levels/);
  });

  it("answers JSON brackets nested past the stack with the line and column, not a crash", () => {
    expect(failureOf("brackets.json", "[".repeat(200000))).toMatch(/^\S*brackets\.json:1:\d+: not valid JSON: nesting too deep to read; /);
  });

  it("names the fix for a comment in JSON", () => {
    expect(failureOf("comment.json", '{\n  /* lab */ "name": "lab"}')).toMatch(/comment\.json:2:3: not valid JSON: .*JSON has no comments: remove it, or write the environment as YAML/);
  });

  it("reads merge keys, fields beside them overriding the merged ones", () => {
    const file = path.join(scratch, "merge.yaml");
    fs.writeFileSync(file, "x-vm: &vm\n  cores: 2\n  memoryMiB: 2048\nvms:\n  - <<: *vm\n    name: a\n  - <<: *vm\n    name: b\n    memoryMiB: 4096\n");
    expect(readEnvironmentFile(file)).toEqual({ vms: [{ cores: 2, memoryMiB: 2048, name: "a" }, { cores: 2, memoryMiB: 4096, name: "b" }] });
  });

  it("names an alias whose anchor is not defined before it, with its line", () => {
    expect(failureOf("alias.yaml", "name: lab\nproxmox:\n  <<: *defaults\n")).toMatch(/alias\.yaml:3:7: the alias \*defaults names no anchor defined before it; define &defaults first/);
  });

  it("says what a merge key takes when it is given a list of values", () => {
    expect(failureOf("merge-list.yaml", "tags: &tags [a, b]\nproxmox:\n  <<: *tags\n")).toMatch(/merge-list\.yaml: a merge key \(<<\) takes an anchored mapping, `<<: \*defaults`, or a list of them/);
  });

  it("stops a YAML alias bomb before it expands", () => {
    const rows = ["a: &a [x, x, x, x, x, x, x, x, x]"];
    for (const [name, previous] of [["b", "a"], ["c", "b"], ["d", "c"], ["e", "d"]]) rows.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(", ")}]`);
    expect(failureOf("bomb.yaml", `${rows.join("\n")}\n`)).toMatch(/bomb\.yaml: its YAML aliases expand to too many nodes/);
  });
});
