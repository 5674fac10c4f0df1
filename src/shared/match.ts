// The adapters' patterns are the core's: one pattern language for checks, HTTP and SQS.
export { describePattern, matches, type Pattern } from '../core/pattern.js'
