/** How counts and values are written in the log and in messages. */

/** `1 registry`, `11 registries`, `2 regions`. */
export function count(n: number, noun: 'registry' | 'region'): string {
  if (n === 1) return `1 ${noun}`
  return `${n} ${noun === 'registry' ? 'registries' : 'regions'}`
}

/** The most of a value (a host, a key, a variable's value) a message shows. */
export const SHOWN_CHARS = 100

/** `value` cut to `max` characters, marked with how much was left out. */
export function cut(value: string, max = SHOWN_CHARS): string {
  return value.length > max ? `${value.slice(0, max)}… (${value.length} characters)` : value
}

/**
 * A value from outside (an API's answer, a variable) as a message shows it: cut, and in JSON's
 * quotes and escapes, so a newline in it cannot start a line of its own (a workflow command).
 */
export function quoted(value: string, max = SHOWN_CHARS): string {
  return JSON.stringify(cut(value, max))
}
