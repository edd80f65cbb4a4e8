// ts-jest in ESM mode: @actions/core 3 and @actions/exec 3 ship only ES modules, so the tests
// must load them as ESM (node --experimental-vm-modules, set by the npm scripts) rather than let
// jest transpile everything to CommonJS. `isolatedModules` skips per-file type checking here;
// `npm run typecheck` does that once for the whole project.
const tsJest = [
  'ts-jest',
  { useESM: true, tsconfig: { isolatedModules: true, module: 'ES2022', moduleResolution: 'Bundler' } }
]
const common = {
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': tsJest },
  testEnvironment: 'node'
}
export default {
  // Per test; e2e tests drive real docker pushes. (A project-level testTimeout is ignored.)
  testTimeout: 120000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/__tests__/unit/**/*.test.ts'] },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/__tests__/e2e/**/*.test.ts']
    }
  ]
}
