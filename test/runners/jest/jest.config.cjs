// A project as a user sets it up; the package's files are bundles of the source, named by
// test/runners/jest.test.ts in the environment.
module.exports = {
  testMatch: ['**/*.spec.cjs'],
  setupFilesAfterEnv: [process.env.PATIENTLY_JEST_SETUP],
  reporters: ['default', process.env.PATIENTLY_JEST_REPORTER],
}
