// `npm run demo`: runs the bundled action once, as the Actions runner would, and prints what a
// workflow log would show: main (log into two registries in two regions), a real `docker push` to
// each, then post (log out), with the outputs and Docker's config.json after each step.
//
// Everything runs in the e2e world (__tests__/support/world.ts): a network namespace whose
// /etc/hosts sends real ECR host names to a local registry and dockerd, plus the project's ECR API
// emulator over HTTPS. Nothing leaves the machine. It needs root (run it as root on Debian or
// Ubuntu; missing packages are installed). This script starts the world, then runs itself again
// inside it with --inside, because the emulator and the action must share the world's network.
import type { ChildProcess } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  docker,
  fakeDocker,
  importImage,
  readDockerCalls,
  runStep,
  type StepResult
} from '../__tests__/support/action-runner.js'
import { EcrEmulator, EMULATOR_KEYS } from '../__tests__/support/ecr-emulator.js'
import { registryHost, signalNumber, startWorld, worldFromEnv } from '../__tests__/support/world.js'

const INSIDE = '--inside'
const [KEY] = EMULATOR_KEYS
/** One registry named by account ID (the credentials' region), one by host in another region. */
const REGISTRIES = ['111111111111', registryHost('222222222222', 'eu-west-1')]
const HOSTS = [registryHost('111111111111', 'us-east-1'), REGISTRIES[1]]

const tty = process.stdout.isTTY
const bold = (s: string): string => (tty ? `\x1b[1m${s}\x1b[22m` : s)
const dim = (s: string): string => (tty ? `\x1b[2m${s}\x1b[22m` : s)
const print = (line = ''): void => void process.stdout.write(`${line}\n`)
const indent = (text: string, by = '  '): string =>
  text
    .trimEnd()
    .split('\n')
    .map(l => by + l)
    .join('\n')

/** Starts the world, runs this script inside it, stops the world; returns the exit code. */
async function outside(): Promise<number> {
  const aborter = new AbortController()
  let child: ChildProcess | undefined
  let signalled: NodeJS.Signals | undefined
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(sig, () => {
      signalled ??= sig
      aborter.abort()
      child?.kill(sig)
    })
  }
  print(dim('Starting the demo world (network namespace, dockerd, registry)...'))
  let world
  try {
    world = await startWorld({ log: line => print(dim(`[world] ${line}`)), signal: aborter.signal })
  } catch (error) {
    process.stderr.write(`demo: ${error instanceof Error ? error.message : String(error)}\n`)
    return 1
  }
  try {
    if (signalled) return 128 + signalNumber(signalled)
    // process.execArgv carries tsx's loader, so the child runs this TypeScript file the same way.
    const running = world.spawn(
      process.execPath,
      [...process.execArgv, fileURLToPath(import.meta.url), INSIDE],
      {
        stdio: 'inherit',
        cwd: process.cwd()
      }
    )
    child = running
    const code = await new Promise<number>(resolve => {
      running.on('error', error => {
        process.stderr.write(`demo: cannot run inside the world: ${error.message}\n`)
        resolve(127)
      })
      running.on('exit', (exitCode, signal) => resolve(exitCode ?? 128 + signalNumber(signal)))
    })
    return signalled ? 128 + signalNumber(signalled) : code
  } finally {
    print(dim('Stopping the demo world...'))
    await world.stop()
  }
}

/** The demo proper, inside the world. */
async function inside(): Promise<number> {
  const world = worldFromEnv()
  const emulator = await EcrEmulator.start({ cert: world.cert, key: world.key, password: world.password })
  const dir = await mkdtemp(join(tmpdir(), 'ecr-demo-'))
  const checks: { ok: boolean; what: string }[] = []
  const check = (ok: boolean, what: string): boolean => {
    checks.push({ ok, what })
    return ok
  }
  try {
    const configDir = join(dir, 'docker-config')
    // A recording `docker` first on PATH: it runs the real one and notes argv and stdin.
    const shimDir = join(dir, 'bin')
    await Promise.all([mkdir(shimDir), mkdir(join(dir, 'home'))])
    await fakeDocker(shimDir)
    const inputs = { registries: REGISTRIES.join(' ') }
    const env = {
      AWS_ACCESS_KEY_ID: KEY.accessKeyId,
      AWS_SECRET_ACCESS_KEY: KEY.secretAccessKey,
      AWS_REGION: 'us-east-1',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_ENDPOINT_URL_ECR: emulator.url,
      AWS_ENDPOINT_URL_ECR_PUBLIC: emulator.url,
      NODE_EXTRA_CA_CERTS: world.ca,
      DOCKER_CONFIG: configDir,
      HOME: join(dir, 'home'),
      PATH: `${shimDir}${delimiter}${process.env.PATH ?? ''}`
    }

    const password = world.password
    const passwordOutput = (host: string) => `docker_password_${host.replace(/[^a-zA-Z0-9_]+/g, '_')}`

    print()
    print(bold('▶ Run ecr-login (main)'))
    print('  with:')
    for (const [name, value] of Object.entries(inputs)) print(`    ${name}: ${value}`)
    print('  env:')
    print('    AWS_REGION: us-east-1\n    AWS_ACCESS_KEY_ID: ***\n    AWS_SECRET_ACCESS_KEY: ***')
    const main = await timed(() => runStep('main', { inputs, env }))
    showStep(main.result, main.ms)
    const masks = main.result.masks
    check(main.result.code === 0, `main exited ${main.result.code} in ${main.ms} ms`)
    check(
      main.result.outputs.registries === HOSTS.join(','),
      `output registries = ${main.result.outputs.registries ?? '(unset)'}`
    )
    check(
      HOSTS.every(h => main.result.outputs[passwordOutput(h)] === password) && masks.includes(password),
      'a docker_password_<host> output for each registry, registered as a mask'
    )
    check(
      !main.result.stdout
        .split('\n')
        .some(line => !line.startsWith('::add-mask::') && line.includes(password)),
      'the password appears in the log only in the ::add-mask:: command'
    )
    await showConfig(configDir, 'config.json after main (auth values redacted)', masks)

    for (const host of HOSTS) {
      const tag = `${host}/demo/app:v1`
      print()
      print(bold(`▶ Run docker push ${tag}`))
      await importImage(tag, { configDir })
      const out = await docker(['push', tag], { configDir })
      print(indent(mask(`${out.stdout}${out.stderr}`, masks)))
      check(out.code === 0, `docker push to ${host}`)
    }

    // As the runner does: post gets main's state, and the paths and variables main exported.
    print()
    print(bold('▶ Post Run ecr-login'))
    const post = await timed(() =>
      runStep('post', {
        inputs,
        env: {
          ...env,
          ...main.result.env,
          PATH: [...main.result.path].reverse().concat(env.PATH).join(delimiter)
        },
        state: main.result.state
      })
    )
    showStep(post.result, post.ms, masks)
    check(post.result.code === 0, `post exited ${post.result.code} in ${post.ms} ms`)
    const after = await showConfig(configDir, 'config.json after post', masks)
    const left = Object.keys(after.auths ?? {}).filter(k => HOSTS.some(h => k.includes(h)))
    check(left.length === 0, 'post removed both registries from config.json')

    const calls = await readDockerCalls(shimDir)
    const logins = calls.filter(c => c.argv[0] === 'login')
    check(
      logins.length === HOSTS.length &&
        logins.every(c => c.argv.includes('--password-stdin') && c.stdin === password) &&
        calls.every(c => !c.argv.some(a => a.includes(password))),
      `the password reached docker only on stdin (${logins.length} logins; never in argv)`
    )
    const api = emulator.calls
      .map(c => `${c.region}${c.registryIds ? ` [${c.registryIds.join(', ')}]` : ''}`)
      .sort()
    check(api.length === 2, `one ECR API call per region: ${api.join('; ')}`)
  } catch (error) {
    check(false, `demo failed: ${error instanceof Error ? error.message : String(error)}`)
  } finally {
    await emulator.stop()
    await rm(dir, { recursive: true, force: true })
  }

  print()
  print(bold('Summary'))
  for (const c of checks) print(`  ${c.ok ? '✓' : '✗'} ${c.what}`)
  const failed = checks.filter(c => !c.ok).length
  print(failed ? `\n${failed} check(s) failed.` : '\nAll checks passed.')
  return failed ? 1 : 0
}

/** Runs `work` and measures it. */
async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = Date.now()
  const result = await work()
  return { result, ms: Date.now() - started }
}

/** Prints a step's log the way the runner shows it: commands applied, masked values as ***. */
function showStep(step: StepResult, ms: number, masks: string[] = []): void {
  const all = [...masks, ...step.masks]
  let indent = '  '
  for (const line of step.stdout.split(/\r?\n/)) {
    const command = /^::([a-z-]+)(?: [^:]*)?::(.*)$/.exec(line)
    if (!command) {
      if (line.trim()) print(`${indent}${mask(line, all)}`)
      continue
    }
    const [, name, data] = command
    const message = data.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%')
    if (name === 'warning') print(`${indent}Warning: ${mask(message, all)}`)
    else if (name === 'error') print(`${indent}Error: ${mask(message, all)}`)
    else if (name === 'group') {
      // The runner shows a group as one collapsible line; the demo shows it open.
      print(`  ▾ ${message}`)
      indent = '    '
    } else if (name === 'endgroup') indent = '  '
    // add-mask, debug, set-output and save-state are not shown in a workflow log.
  }
  // stderr (e.g. Node's own warnings) is shown by the runner too; dimmed here to set it apart.
  for (const line of step.stderr.split(/\r?\n/)) if (line.trim()) print(dim(`  ${mask(line, all)}`))
  print(dim(`  (exit ${step.code}, ${ms} ms)`))
  const outputs = Object.entries(step.outputs)
  if (outputs.length) {
    print('  Outputs:')
    for (const [name, value] of outputs) print(`    ${name} = ${mask(value, all)}`)
  }
  if (step.summary.trim()) {
    print('  Job summary (GITHUB_STEP_SUMMARY, as text):')
    for (const line of summaryText(step.summary)) print(`    ${mask(line, all)}`)
  }
}

/** The job summary's HTML as plain lines: headings, table rows with cells joined by ` | `, paragraphs. */
function summaryText(html: string): string[] {
  const text = (s: string) =>
    s
      .replace(/<[^>]+>/g, '')
      .replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
      .trim()
  const lines: string[] = []
  for (const [, tag, body] of html.matchAll(/<(h\d|tr|p)>([\s\S]*?)<\/\1>/g)) {
    if (tag === 'tr')
      lines.push([...body.matchAll(/<t[hd]>([\s\S]*?)<\/t[hd]>/g)].map(m => text(m[1])).join(' | '))
    else lines.push(text(body))
  }
  return lines
}

/** Prints `<dir>/config.json` with credentials replaced by *** and returns it. */
async function showConfig(
  configDir: string,
  title: string,
  masks: string[]
): Promise<{ auths?: Record<string, unknown> }> {
  const text = await readFile(join(configDir, 'config.json'), 'utf8').catch(() => '{}')
  const config = JSON.parse(text) as { auths?: Record<string, Record<string, unknown>> }
  for (const entry of Object.values(config.auths ?? {})) {
    for (const key of ['auth', 'password', 'identitytoken']) if (key in entry) entry[key] = '***'
  }
  print()
  print(`  ${title}:`)
  print(indent(mask(JSON.stringify(config, null, 2), masks), '    '))
  return config
}

/** Replaces every masked value, as the runner does in logs. */
function mask(text: string, masks: string[]): string {
  let out = text
  for (const m of masks) if (m) out = out.split(m).join('***')
  return out
}

try {
  process.exitCode = process.argv.includes(INSIDE) ? await inside() : await outside()
} catch (error) {
  process.stderr.write(`demo: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exitCode = 1
}
