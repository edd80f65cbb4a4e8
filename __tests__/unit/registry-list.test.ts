import { promises as fs } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { UserError } from '../../src/errors.js'
import { checkProfiles } from '../../src/ecr/identities.js'
import { isRegistryList, readListAliases, readRegistryList } from '../../src/registry-list.js'

const A = '123456789012'
const B = '210987654321'
const HOST_A = `${A}.dkr.ecr.us-east-1.amazonaws.com`
const HOST_B = `${B}.dkr.ecr.eu-west-1.amazonaws.com`
const HOST_C = `${B}.dkr.ecr.us-east-1.amazonaws.com`
const ROLE = `arn:aws:iam::${B}:role/ecr-push`
const env = { AWS_REGION: 'us-east-1' }

/** The UserError a list is refused with, as "message\nhint". */
async function refused(raw: string, withEnv: NodeJS.ProcessEnv = env): Promise<string> {
  try {
    const list = await readRegistryList(raw, withEnv)
    await checkProfiles(list, withEnv)
  } catch (error) {
    expect(error).toBeInstanceOf(UserError)
    const e = error as UserError
    return e.hint ? `${e.message}\n${e.hint}` : e.message
  }
  throw new Error('the list was accepted')
}

describe('recognising the list form', () => {
  test.each([
    ['- 123456789012', true],
    ['\n\n  - registry: x\n', true],
    ['-\n', true],
    ['123456789012, 210987654321', false],
    ['123456789012\n- 210987654321', false],
    ['-123456789012', false],
    ['', false]
  ])('%j is a list: %s', (raw, expected) => {
    expect(isRegistryList(raw)).toBe(expected)
  })
})

describe('items', () => {
  test('strings and maps give targets in list order, with identity and alias', async () => {
    const list = await readRegistryList(
      [
        `- ${A}`,
        `- registry: ${HOST_B}`,
        `  role-to-assume: ${ROLE}`,
        '  role-session-name: deploy',
        '- registry: public.ecr.aws',
        '  aws-profile: tools',
        `- registry: ${HOST_C}`,
        '  alias: registry.company.example'
      ].join('\n'),
      env
    )
    expect(list).toEqual([
      { service: 'ecr', account: A, fips: false, dualStack: false },
      {
        service: 'ecr',
        account: B,
        region: 'eu-west-1',
        fips: false,
        dualStack: false,
        host: HOST_B,
        identity: { roleArn: ROLE, sessionName: 'deploy' }
      },
      {
        service: 'ecr-public',
        region: 'us-east-1',
        fips: false,
        dualStack: false,
        host: 'public.ecr.aws',
        identity: { profile: 'tools' }
      },
      {
        service: 'ecr',
        account: B,
        region: 'us-east-1',
        fips: false,
        dualStack: false,
        host: HOST_C,
        alias: 'registry.company.example'
      }
    ])
  })

  test('the same registry twice with the same identity is one target', async () => {
    const list = await readRegistryList(`- ${HOST_A}\n- ${HOST_A.toUpperCase()}\n- ${A}`, env)
    expect(list.map(t => t.host)).toEqual([HOST_A])
  })

  test('a quoted ID keeps its leading zero; an unquoted one is named with the quoting hint', async () => {
    expect((await readRegistryList("- '012345678901'", env))[0].account).toBe('012345678901')
    expect(await refused('- 012345678901')).toMatch(/item 1 '12345678901' is not a 12-digit .*quote it/s)
  })
})

describe('bad items are refused before any call, naming item, key, value and what is valid', () => {
  test.each([
    [
      `- registry: ${A}\n  aws_profile: tools`,
      /item 1 has the key 'aws_profile', which is not valid.\nValid keys: registry, aws-profile, role-to-assume, role-session-name, alias/
    ],
    ['- aws-profile: tools', /item 1 has no 'registry' key/],
    [
      `- ${A}\n- registry: ${B}\n  role-to-assume: arn:aws:iam::${B}:user/ci`,
      /item 2 has role-to-assume: 'arn:aws:iam::210987654321:user\/ci', which is not an IAM role ARN.\nGive the role ARN/
    ],
    [`- registry: ${A}\n  role-session-name: x y`, /item 1 has role-session-name but no role-to-assume/],
    [
      `- registry: ${A}\n  role-to-assume: ${ROLE}\n  role-session-name: "a b"`,
      /item 1 has role-session-name: 'a b', which STS does not accept/
    ],
    [
      `- registry: ${A}\n  alias: ${HOST_B}`,
      /item 1 has alias: '210987654321.dkr.ecr.eu-west-1.amazonaws.com', which is itself an ECR registry host/
    ],
    [
      `- registry: ${A}\n  alias: company/registry`,
      /item 1 has alias: 'company\/registry', which is not a valid host name/
    ],
    [`- registry: ${A}\n  alias: -bad.example`, /not a valid host name/],
    [
      `- ${HOST_A}\n- registry: ${HOST_A}\n  role-to-assume: ${ROLE}`,
      /item 2 names the registry of item 1 again, with role arn:aws:iam::210987654321:role\/ecr-push instead of the default credentials/
    ],
    [`- ${A}\n- registry: ${HOST_A}\n  aws-profile: tools`, /item 2 names the registry of item 1 again/],
    [
      `- registry: ${A}\n  alias: r.example\n- registry: ${HOST_B}\n  alias: R.example`,
      /item 2 has alias: 'R.example', which item 1 uses too/
    ],
    [`- registry: ${A}\n  registry: ${B}`, /not valid YAML/],
    ['- [1, 2]', /item 1 has an entry: \[1,2\], which is not a string/],
    [
      '- nope.example.com',
      /item 1 'nope.example.com' is neither a 12-digit AWS account ID nor an ECR registry host/
    ]
  ])('%j', async (raw, expected) => {
    expect(await refused(raw)).toMatch(expected)
  })
})

describe('profiles', () => {
  let dir: string
  beforeEach(async () => {
    dir = await fs.mkdtemp(join(tmpdir(), 'ecr-list-'))
    await fs.writeFile(join(dir, 'config'), '[profile tools]\nregion = eu-west-1\n')
    await fs.writeFile(
      join(dir, 'credentials'),
      '[deploy]\naws_access_key_id = AKIA\naws_secret_access_key = x\n'
    )
  })
  afterEach(() => fs.rm(dir, { recursive: true, force: true }))

  const files = () => ({
    ...env,
    AWS_CONFIG_FILE: join(dir, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials')
  })

  test('a profile of the config or the credentials file is accepted', async () => {
    const list = await readRegistryList(
      `- registry: ${A}\n  aws-profile: tools\n- registry: ${HOST_B}\n  aws-profile: deploy`,
      files()
    )
    await expect(checkProfiles(list, files())).resolves.toBeUndefined()
  })

  test('a profile in neither file is refused, naming both files', async () => {
    const message = await refused(`- registry: ${A}\n  aws-profile: missing`, files())
    expect(message).toContain(
      `the item of ${A} has aws-profile: 'missing', which is in neither ${join(dir, 'config')} nor ${join(dir, 'credentials')}.`
    )
  })

  test('without AWS_CONFIG_FILE the files searched are those in HOME', async () => {
    const message = await refused(`- registry: ${A}\n  aws-profile: tools`, { ...env, HOME: dir })
    expect(message).toContain(
      `neither ${join(dir, '.aws', 'config')} nor ${join(dir, '.aws', 'credentials')}`
    )
  })
})

test('post reads only the aliases of the list; bad items give none', async () => {
  expect(
    await readListAliases(
      `- ${A}\n- registry: ${HOST_A}\n  alias: registry.company.example\n- registry: x\n  alias: ${HOST_B}`
    )
  ).toEqual(['registry.company.example'])
  expect(await readListAliases('- [')).toEqual([])
})
