// Prints `N passed, N failed` from jest's own JSON report: CI reads this line, not jest's console summary.
const { readFileSync } = require('node:fs');

const file = process.argv[2] ?? 'reports/jest-results.json';
let report;
try {
  report = JSON.parse(readFileSync(file, 'utf8'));
} catch (error) {
  console.error(`no jest report at ${file} (${error.message}): jest did not run to completion`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}
// Suites that failed to run (syntax error, setup failure) have no test results but must count as failures.
const brokenSuites = report.testResults.filter(
  (suite) => suite.status === 'failed' && suite.assertionResults.length === 0,
);
const failed = report.numFailedTests + brokenSuites.length;
console.log(`${report.numPassedTests} passed, ${failed} failed`);
process.exit(failed === 0 && report.success ? 0 : 1);
