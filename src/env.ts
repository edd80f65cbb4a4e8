/**
 * `name` from `env` as the OS reads it. Windows ignores the case of variable names, and its
 * environment spells PATH `Path`: node's own `process.env` matches any case there, but a copy of
 * it (`{ ...process.env }`, as the stories pass around) is a plain object, so it is searched here.
 */
export function envValue(
  env: NodeJS.ProcessEnv,
  name: string,
  platform: NodeJS.Platform = process.platform
): string | undefined {
  if (env[name] !== undefined || platform !== 'win32') return env[name]
  const key = Object.keys(env).find(k => k.toUpperCase() === name.toUpperCase())
  return key === undefined ? undefined : env[key]
}
