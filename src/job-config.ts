import { promises as fs } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import type { ClientName } from './clients/client.js'
import { CONTAINERS_CLIENTS } from './clients/containers.js'
import { authFilePath, readAuthFile, writeAuthFile } from './config/containers-auth.js'
import { dockerConfigDir, seedJobDockerConfig } from './config/docker-config.js'
import type { Runner } from './runner.js'
import { isJobDir, jobTemp, removeTree } from './temp-dirs.js'

/**
 * `docker-config: job`: the job's own registry configs, in one directory under RUNNER_TEMP, so
 * jobs sharing a HOME (a self-hosted runner) never log each other out and the user's own files
 * are never written.
 */
export interface JobConfig {
  root: string
  /** The job's DOCKER_CONFIG directory. */
  dockerConfig: string
  /** The job's REGISTRY_AUTH_FILE, made when podman, buildah or skopeo log in. */
  authFile?: string
}

const PREFIX = 'ecr-login-job-'

/**
 * Makes the job's configs, seeded from the user's (found through `env`) without their logins:
 * always Docker's, which other tools read too, and the containers auth file when a client that
 * uses it is among `clients`.
 */
export async function createJobConfig(env: NodeJS.ProcessEnv, clients: ClientName[]): Promise<JobConfig> {
  const root = await fs.mkdtemp(join(jobTemp(env), PREFIX))
  const job: JobConfig = { root, dockerConfig: join(root, 'docker') }
  await seedJobDockerConfig(dockerConfigDir(env), job.dockerConfig)
  if (clients.some(name => (CONTAINERS_CLIENTS as readonly string[]).includes(name))) {
    job.authFile = join(root, 'containers', 'auth.json')
    const { auths: _auths, ...settings } = await readAuthFile(authFilePath(env))
    await writeAuthFile(job.authFile, { ...settings, auths: {} })
  }
  return job
}

/** The variables that point the clients at a job's configs. */
export function jobConfigEnv(job: JobConfig): Record<string, string> {
  return job.authFile
    ? { DOCKER_CONFIG: job.dockerConfig, REGISTRY_AUTH_FILE: job.authFile }
    : { DOCKER_CONFIG: job.dockerConfig }
}

/** Points this process (`env`) and the job's later steps (the runner) at the job's configs. */
export function useJobConfig(job: JobConfig, env: NodeJS.ProcessEnv, runner: Runner): void {
  for (const [name, value] of Object.entries(jobConfigEnv(job))) {
    env[name] = value
    runner.exportVariable(name, value)
    runner.info(`${name}=${value} for the rest of this job`)
  }
}

/**
 * Whether `job` is exactly what createJobConfig made: its root a direct child of RUNNER_TEMP
 * named as mkdtemp named it, a directory of this user and no link (temp-dirs.ts), the configs at
 * their places inside it. State is main's, but the paths in it could have been replaced since.
 */
export async function isJobConfig(job: JobConfig, env: NodeJS.ProcessEnv): Promise<boolean> {
  return hasJobConfigLayout(job, jobTemp(env)) && (await isJobDir(job.root, env, isJobDirName))
}

/** A name mkdtemp gives the job's config dir: the prefix and its random suffix. */
const isJobDirName = (name: string) =>
  name.startsWith(PREFIX) && /^[A-Za-z0-9]+$/.test(name.slice(PREFIX.length))

/**
 * Whether `job`'s paths are the ones createJobConfig makes in `temp`, by their names alone (no disk
 * access: a saved record is checked before anything is read); isJobConfig also checks the directory.
 */
export function hasJobConfigLayout(job: JobConfig, temp: string): boolean {
  const { root } = job
  return (
    typeof root === 'string' &&
    dirname(root) === resolve(temp) &&
    isJobDirName(basename(root)) &&
    job.dockerConfig === join(root, 'docker') &&
    (job.authFile === undefined || job.authFile === join(root, 'containers', 'auth.json'))
  )
}

/** Removes a job's configs, never through a link; a path that is not one (isJobConfig) is left alone. */
export async function removeJobConfig(job: JobConfig, env: NodeJS.ProcessEnv): Promise<boolean> {
  if (!(await isJobConfig(job, env))) return false
  await removeTree(job.root)
  return true
}

/** Parses a saved JobConfig; undefined when there is none or it is not one. */
export function parseJobConfig(raw: string): JobConfig | undefined {
  if (!raw) return undefined
  try {
    const job = JSON.parse(raw) as JobConfig
    if (
      typeof job.root === 'string' &&
      typeof job.dockerConfig === 'string' &&
      (job.authFile === undefined || typeof job.authFile === 'string')
    )
      return job
  } catch {
    // not ours
  }
  return undefined
}
