/*
 * Small formatters shared by the diagram and the report, so both print sizes the same way.
 */

/** Memory in MiB as people read it: 8192 → "8 GiB", 1536 → "1.5 GiB", 512 → "512 MiB". */
export function formatMemory(mib: number): string {
  if (mib < 1024) return `${mib} MiB`;
  const gib = mib / 1024;
  return `${Number.isInteger(gib) ? gib : Number(gib.toFixed(1))} GiB`;
}

/** A ratio with two decimals and a multiplication sign: 0.4285 → "0.43×". */
export function formatRatio(value: number): string {
  return `${value.toFixed(2)}×`;
}
