import {
  hostFromEndpoint,
  hostOf,
  likelyHost,
  outputSuffix,
  parseHost,
  type RegistryTarget
} from '../../src/ecr/registry.js'

const A = '123456789012'

const privateHost = (
  host: string,
  region: string,
  extra: Partial<Pick<RegistryTarget, 'fips' | 'dualStack'>> = {}
): [string, RegistryTarget] => [
  host,
  { service: 'ecr', account: A, region, fips: false, dualStack: false, ...extra, host }
]

describe('parseHost', () => {
  test.each([
    privateHost(`${A}.dkr.ecr.us-east-1.amazonaws.com`, 'us-east-1'),
    privateHost(`${A}.dkr.ecr.eu-west-1.amazonaws.com`, 'eu-west-1'),
    privateHost(`${A}.dkr.ecr-fips.us-gov-west-1.amazonaws.com`, 'us-gov-west-1', { fips: true }),
    privateHost(`${A}.dkr-ecr.eu-central-1.on.aws`, 'eu-central-1', { dualStack: true }),
    privateHost(`${A}.dkr-ecr-fips.us-east-2.on.aws`, 'us-east-2', { fips: true, dualStack: true }),
    privateHost(`${A}.dkr.ecr.cn-north-1.amazonaws.com.cn`, 'cn-north-1'),
    privateHost(`${A}.dkr-ecr.cn-northwest-1.on.amazonwebservices.com.cn`, 'cn-northwest-1', {
      dualStack: true
    }),
    privateHost(`${A}.dkr.ecr.eusc-de-east-1.amazonaws.eu`, 'eusc-de-east-1'),
    privateHost(`${A}.dkr.ecr.us-isob-east-1.sc2s.sgov.gov`, 'us-isob-east-1'),
    privateHost(`${A}.dkr.ecr.us-iso-east-1.c2s.ic.gov`, 'us-iso-east-1'),
    privateHost(`${A}.dkr.ecr.eu-isoe-west-1.cloud.adc-e.uk`, 'eu-isoe-west-1'),
    privateHost(`${A}.dkr.ecr.us-isof-south-1.csp.hci.ic.gov`, 'us-isof-south-1'),
    privateHost(`${A}.DKR.ECR.US-EAST-1.AMAZONAWS.COM`, 'us-east-1'),
    privateHost(`${A}.dkr.ecr.Eu-West-1.amazonaws.com`, 'eu-west-1')
  ])('%s is a private registry', (host, expected) => {
    expect(parseHost(host)).toEqual(expected)
  })

  test.each(['public.ecr.aws', 'ecr-public.aws.com', 'Public.ECR.aws'])(
    '%s is ECR Public in us-east-1 with no account, spelling kept',
    host => {
      expect(parseHost(host)).toEqual({
        service: 'ecr-public',
        region: 'us-east-1',
        fips: false,
        dualStack: false,
        host
      })
    }
  )

  test.each([
    ['a look-alike with a suffix after the partition', `${A}.dkr.ecr.us-east-1.amazonaws.com.evil.example`],
    ['a look-alike with the registry in the path', `evil.example/${A}.dkr.ecr.us-east-1.amazonaws.com`],
    ['a look-alike with a prefix before the account', `evil.${A}.dkr.ecr.us-east-1.amazonaws.com`],
    ['an 11-digit account', '12345678901.dkr.ecr.us-east-1.amazonaws.com'],
    ['a 13-digit account', '1234567890123.dkr.ecr.us-east-1.amazonaws.com'],
    ['a host without dkr.ecr', `${A}.ecr.us-east-1.amazonaws.com`],
    ['a host with dkr but not ecr', `${A}.dkr.us-east-1.amazonaws.com`],
    ['the API host', 'api.ecr.us-east-1.amazonaws.com'],
    ['a host with a scheme', `https://${A}.dkr.ecr.us-east-1.amazonaws.com`],
    ['a host with a port', `${A}.dkr.ecr.us-east-1.amazonaws.com:443`],
    ['a host with a trailing newline', `${A}.dkr.ecr.us-east-1.amazonaws.com\n`],
    ['an unknown partition', `${A}.dkr.ecr.us-east-1.amazonaws.org`],
    ['Docker Hub', 'registry-1.docker.io'],
    ['a public look-alike', 'public.ecr.aws.evil.example'],
    ['empty', '']
  ])('%s is not an ECR registry', (_why, host) => {
    expect(parseHost(host)).toBeUndefined()
  })
})

describe('hostOf', () => {
  test.each([
    [`${A}.dkr.ecr.us-east-1.amazonaws.com`, `${A}.dkr.ecr.us-east-1.amazonaws.com`],
    [`https://${A}.dkr.ecr.us-east-1.amazonaws.com`, `${A}.dkr.ecr.us-east-1.amazonaws.com`],
    [`https://${A}.dkr.ecr.us-east-1.amazonaws.com/`, `${A}.dkr.ecr.us-east-1.amazonaws.com`],
    [`https://${A}.dkr.ecr.us-east-1.amazonaws.com/v2/repo`, `${A}.dkr.ecr.us-east-1.amazonaws.com`],
    [`https://AWS:pw@${A}.dkr.ecr.us-east-1.amazonaws.com:443/v2/`, `${A}.dkr.ecr.us-east-1.amazonaws.com`],
    [`${A}.dkr.ecr.us-east-1.amazonaws.com:5000`, `${A}.dkr.ecr.us-east-1.amazonaws.com`],
    [`${A}.dkr.ecr.us-east-1.amazonaws.com?x=1`, `${A}.dkr.ecr.us-east-1.amazonaws.com`],
    [`${A}.DKR.ECR.US-EAST-1.AMAZONAWS.COM`, `${A}.DKR.ECR.US-EAST-1.AMAZONAWS.COM`],
    ['https://Public.ECR.aws/owner/repo', 'Public.ECR.aws'],
    // Only one https:// is stripped, as the Go helper does; what remains is not an ECR host.
    [`https://https://${A}.dkr.ecr.us-east-1.amazonaws.com`, 'https']
  ])('hostOf(%j) is %j', (url, host) => {
    expect(hostOf(url)).toBe(host)
  })
})

describe('outputSuffix', () => {
  test.each([
    [`${A}.dkr.ecr.us-east-1.amazonaws.com`, `${A}_dkr_ecr_us_east_1_amazonaws_com`],
    ['public.ecr.aws', 'public_ecr_aws'],
    [`${A}.dkr-ecr-fips.us-east-1.on.aws`, `${A}_dkr_ecr_fips_us_east_1_on_aws`],
    ['a.-.b..c--d', 'a_b_c_d'],
    ['keep_under_scores', 'keep_under_scores'],
    ['Mixed.Case', 'Mixed_Case']
  ])('outputSuffix(%j) is %j', (host, suffix) => {
    expect(outputSuffix(host)).toBe(suffix)
  })
})

describe('hostFromEndpoint', () => {
  test.each([
    [`https://${A}.dkr.ecr.us-east-1.amazonaws.com`, `${A}.dkr.ecr.us-east-1.amazonaws.com`],
    [`https://${A}.dkr.ecr.us-east-1.amazonaws.com/`, `${A}.dkr.ecr.us-east-1.amazonaws.com`],
    [`HTTPS://${A}.dkr.ecr.us-east-1.amazonaws.com`, `${A}.dkr.ecr.us-east-1.amazonaws.com`],
    [`${A}.dkr.ecr.cn-north-1.amazonaws.com.cn`, `${A}.dkr.ecr.cn-north-1.amazonaws.com.cn`]
  ])('hostFromEndpoint(%j) is %j', (endpoint, host) => {
    expect(hostFromEndpoint(endpoint)).toBe(host)
  })
})

describe('likelyHost', () => {
  test.each([
    ['us-east-1', '123456789012.dkr.ecr.us-east-1.amazonaws.com'],
    ['eu-central-2', '123456789012.dkr.ecr.eu-central-2.amazonaws.com'],
    ['cn-north-1', undefined],
    ['us-gov-west-1', undefined],
    ['eusc-de-east-1', undefined]
  ])('%s → %s (a guess only where the spelling is certain)', (region, host) => {
    expect(likelyHost('123456789012', region)).toBe(host)
  })
})
