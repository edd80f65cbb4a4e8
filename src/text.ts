/** How counts and values are written in the log and in messages. */

/** `1 registry`, `11 registries`, `2 regions`. */
export function count(n: number, noun: 'registry' | 'region'): string {
  if (n === 1) return `1 ${noun}`
  return `${n} ${noun === 'registry' ? 'registries' : 'regions'}`
}
