import * as fs from "fs";
import * as path from "path";
import { ConfigError } from "../../lib/config/errors";
import { readEnvironmentFile } from "../../lib/config/load";
import { resolveEnvironment } from "../../lib/topology";

const folder = path.join(__dirname, "..", "fixtures", "invalid-environments");
const files = fs.readdirSync(folder).filter((file) => file.endsWith(".yaml"));

/** Each invalid file states the message it must be rejected with in its first line. */
function expectedMessage(file: string): RegExp {
  const firstLine = fs.readFileSync(file, "utf8").split("\n", 1)[0];
  const match = /^# expect: (.+)$/.exec(firstLine);
  if (!match) throw new Error(`${file}: the first line must be "# expect: <regex>"`);
  return new RegExp(match[1]);
}

describe("the invalid environments folder", () => {
  it("holds a case for every rule the issue names", () => {
    expect(files.length).toBeGreaterThanOrEqual(20);
  });

  it("starts from a base environment that is itself valid", () => {
    const base = path.join(__dirname, "..", "fixtures", "environments", "minimal.yaml");
    expect(resolveEnvironment(readEnvironmentFile(base)).vms).toHaveLength(5);
  });

  it.each(files)("rejects %s with its stated message", (file) => {
    const full = path.join(folder, file);
    const expected = expectedMessage(full);
    let caught: unknown;
    try {
      resolveEnvironment(readEnvironmentFile(full));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as Error).message).toMatch(expected);
  });

  it("never echoes a pasted private key", () => {
    const full = path.join(folder, "private-key-as-ssh-key.yaml");
    expect(() => resolveEnvironment(readEnvironmentFile(full))).toThrow(/^(?![\s\S]*BEGIN OPENSSH)[\s\S]*looks like a private key/);
  });
});
