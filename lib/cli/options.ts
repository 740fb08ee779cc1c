/** commander's accumulator for a repeatable option (`--state-config a=1 --state-config b=2`). */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
