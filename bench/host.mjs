import console from 'node:console'
import process from 'node:process'
import { scenarios } from './scenarios/index.mjs'
import { settings } from './settings.mjs'
import { tools } from './tools.mjs'

// One scenario for one tool in a process of its own, so no tool inherits another's timers, heap
// or leftover loops. Usage: node --expose-gc bench/host.mjs <scenario> <tool> [--quick]
const [scenario, name] = process.argv.slice(2)
const run = scenarios[scenario]
const tool = tools[name]
if (!run || !tool) {
  console.error(`unknown scenario or tool: ${scenario} / ${name}`)
  process.exit(2)
}
const result = await run(tool, settings(process.argv.includes('--quick')))
console.log(JSON.stringify({ scenario, tool: name, result }))
// Some tools leave loops or timers running after they settle (that is measured, not fixed here).
process.exit(0)
