import { deadline } from './deadline.mjs'
import { detection } from './detection.mjs'
import { leaks } from './leaks.mjs'
import { overhead } from './overhead.mjs'
import { polling } from './polling.mjs'
import { scale } from './scale.mjs'

/**
 * Every in-process scenario by name, in the order the runner runs them. Each takes a tool and the
 * settings and resolves with plain JSON.
 *
 * @example
 * const result = await scenarios.detection(tools.patiently, settings(true))
 */
export const scenarios = { detection, deadline, overhead, polling, scale, leaks }

/**
 * The scenarios where a wake-up can change the outcome; the event-driven row runs only in these
 * (elsewhere nothing ever fires the wake-up, so it would repeat the polled row).
 *
 * @example
 * wakeScenarios.includes('detection') // true
 */
export const wakeScenarios = ['detection', 'scale', 'leaks']
