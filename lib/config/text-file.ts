/*
 * Text files as editors and shells on every platform save them: UTF-8 with or without a
 * byte-order mark, or UTF-16 with one (what Windows PowerShell 5's `>` writes, e.g.
 * `terraform show -json plan > plan.json`). Anything else is not text this project reads.
 */

/** The text of a file's bytes, or why they are not text (a phrase to follow the file name). */
export function decodeTextFile(bytes: Uint8Array): { readonly text: string } | { readonly problem: string } {
  const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe ? "utf-16le" : bytes[0] === 0xfe && bytes[1] === 0xff ? "utf-16be" : undefined;
  try {
    // TextDecoder drops the byte-order mark of the encoding it decodes.
    if (utf16) return { text: new TextDecoder(utf16, { fatal: true }).decode(bytes) };
  } catch {
    return { problem: "starts like UTF-16 text but is not; save it as UTF-8" };
  }
  if (bytes.includes(0)) return { problem: "is a binary file, not text" };
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch {
    return { problem: "is not UTF-8 text; save it as UTF-8" };
  }
}
