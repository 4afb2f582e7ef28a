/** Jest runs TypeScript through ts-jest without type-checking (tsc --noEmit does that once, faster). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { diagnostics: false }],
  },
  testTimeout: 30000,
  // Fails a test when a known test secret shows up in a captured log line (test/drills/secrets.test.ts covers the rest).
  setupFilesAfterEnv: ['<rootDir>/test/helpers/no-secrets-in-logs.ts'],
  reporters: ['default', '<rootDir>/test/helpers/summary-reporter.js'],
};
