/** Structural checks on rendered Markdown: code fences and <details> elements are balanced. */

/** Problems found, empty when the Markdown is balanced. */
export function structureProblems(markdown: string): string[] {
  const problems: string[] = [];
  let fence: { char: string; length: number; line: number } | undefined;
  let depth = 0;
  const lines = markdown.split("\n");
  lines.forEach((line, index) => {
    const match = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line);
    if (fence) {
      if (match && match[1][0] === fence.char && match[1].length >= fence.length && match[2].trim() === "") fence = undefined;
      return;
    }
    if (match) {
      fence = { char: match[1][0], length: match[1].length, line: index + 1 };
      return;
    }
    for (const tag of line.match(/<\/?details\b[^>]*>/g) ?? []) {
      depth += tag.startsWith("</") ? -1 : 1;
      if (depth < 0) problems.push(`line ${index + 1}: </details> without <details>`);
    }
  });
  if (fence) problems.push(`code fence opened on line ${fence.line} is never closed`);
  if (depth > 0) problems.push(`${depth} <details> never closed`);
  return problems;
}
