// Prints one plain closing line ("jest: N passed, N failed, N skipped") and, when TEST_SUMMARY_FILE is set,
// writes "passed failed skipped" there so tools/run-tests.sh can add up the whole suite.
const fs = require('node:fs');

class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const failed = results.numFailedTests + (results.numRuntimeErrorTestSuites || 0);
    process.stdout.write(`\njest: ${results.numPassedTests} passed, ${failed} failed, ${skipped} skipped\n`);
    if (process.env.TEST_SUMMARY_FILE) {
      fs.writeFileSync(process.env.TEST_SUMMARY_FILE, `${results.numPassedTests} ${failed} ${skipped}\n`);
    }
  }
}
module.exports = SummaryReporter;
