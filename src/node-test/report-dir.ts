/**
 * The environment variable naming the folder where each test process writes its slow waits: set
 * by the reporter, inherited by the test processes it starts.
 */
export const REPORT_DIR = 'PATIENTLY_NODE_TEST_REPORT_DIR'
