/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // The Agents Playground smoke test starts a second server and a browser: `npm run test:playground`.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/playground/'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest'] },
  // ESM-only packages, also when nested (strip-bom under @microsoft/app-manifest), are compiled for jest.
  transformIgnorePatterns: ['/node_modules/(?!(.*/node_modules/)?(lowdb|steno|strip-bom)/)'],
  testTimeout: 30000,
};
