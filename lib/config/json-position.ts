/*
 * Where strict JSON first goes wrong. JSON.parse on Node 20 often says only "Unexpected token" with
 * no position; a person fixing a file needs the line and column. A small recursive-descent
 * recognizer (it builds nothing) finds the first offending character.
 */

/**
 * The fix for the two things JSON lacks that people write anyway, from what is at `index`: a
 * comment (// or /*) and a comma before a closing bracket.
 */
function fixAt(text: string, index: number): string {
  if (text.startsWith("//", index) || text.startsWith("/*", index)) {
    return "; JSON has no comments: remove it, or write the environment as YAML (.yaml), where # starts a comment";
  }
  if ((text[index] === "}" || text[index] === "]") && /,\s*$/.test(text.slice(Math.max(0, index - 200), index))) {
    return `; JSON allows no comma before "${text[index]}": remove the last comma`;
  }
  return "";
}

/** The first syntax error of `text` as JSON: its 1-based line and column and what was expected; undefined when valid. */
export function jsonSyntaxError(text: string): { line: number; col: number; message: string } | undefined {
  let index = 0;
  const fail = (expected: string): never => {
    throw { at: index, message: index >= text.length ? `unexpected end of input; expected ${expected}` : `unexpected ${JSON.stringify(text[index])}; expected ${expected}${fixAt(text, index)}` };
  };
  const space = (): void => {
    while (index < text.length && " \t\n\r".includes(text[index])) index++;
  };
  const literal = (word: string): void => {
    if (text.startsWith(word, index)) index += word.length;
    else fail("a value");
  };
  const string = (): void => {
    if (text[index] !== '"') fail("a string in double quotes");
    index++;
    while (index < text.length && text[index] !== '"') {
      if (text.charCodeAt(index) < 0x20) fail('a closing " (control characters must be escaped)');
      if (text[index] === "\\") {
        index++;
        if (text[index] === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(index + 1, index + 5))) index += 4;
        else if (!'"\\/bfnrt'.includes(text[index] ?? "")) fail("an escape such as \\n or \\u00e9");
      }
      index++;
    }
    if (index >= text.length) fail('a closing "');
    index++;
  };
  const value = (): void => {
    space();
    const char = text[index];
    if (char === "{") {
      index++;
      space();
      if (text[index] === "}") return void index++;
      for (;;) {
        space();
        string();
        space();
        if (text[index] !== ":") fail('":"');
        index++;
        value();
        space();
        if (text[index] === ",") index++;
        else if (text[index] === "}") return void index++;
        else fail('"," or "}"');
      }
    }
    if (char === "[") {
      index++;
      space();
      if (text[index] === "]") return void index++;
      for (;;) {
        value();
        space();
        if (text[index] === ",") index++;
        else if (text[index] === "]") return void index++;
        else fail('"," or "]"');
      }
    }
    if (char === '"') return string();
    if (char === "t") return literal("true");
    if (char === "f") return literal("false");
    if (char === "n") return literal("null");
    const number = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(index, index + 400));
    if (!number) fail("a value");
    index += number![0].length;
  };
  try {
    value();
    space();
    if (index < text.length) fail("the end of the file");
    return undefined;
  } catch (error) {
    // Brackets nested past the call stack stop the recognizer where it got to.
    const { at, message } = error instanceof RangeError ? { at: index, message: "nesting too deep to read; no plan or environment nests this deep" } : (error as { at: number; message: string });
    const before = text.slice(0, at);
    const line = before.split("\n").length;
    return { line, col: at - before.lastIndexOf("\n"), message };
  }
}
