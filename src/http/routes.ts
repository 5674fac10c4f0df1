import { type Duration } from '../core/duration.js'
import { toCount } from '../core/validate.js'
import { describeError } from '../core/format.js'
import type { Matcher } from './match.js'
import { checkReply, type ReplyWith } from './reply.js'
import type { Fault, RecordedRequest } from './request.js'

/**
 * A reply rule in place: how often it answered, how many answers it has left, and a way to
 * take it out.
 *
 * @example
 * ```ts
 * const route = sink.when('/charge').times(2).reply({ status: 503 })
 * route.used // 0, then 1, 2
 * route.remove()
 * ```
 */
export interface Route {
  /** The match and how often it may answer, in words: `'POST /charge (2 times)'`. */
  readonly description: string
  /** How many requests it answered. */
  readonly used: number
  /** How many more it will answer: `Infinity` for a rule that always answers. */
  readonly remaining: number
  /** Stops the rule from answering. */
  remove(): void
}

interface Rule {
  readonly matcher: Matcher
  readonly reply: ReplyWith
  readonly limit: number
  readonly description: string
  used: number
  removed: boolean
}

/** The reply rules, in the order they were added. */
export class Routes {
  #rules: Rule[] = []

  add(matcher: Matcher, reply: ReplyWith, limit: number): Route {
    const count = limit === Infinity ? '' : ` (${limit === 1 ? 'once' : `${limit} times`})`
    const rule: Rule = {
      matcher,
      reply: checkReply(reply),
      limit,
      description: `${matcher.describe()}${count}`,
      used: 0,
      removed: false,
    }
    this.#rules.push(rule)
    return {
      description: rule.description,
      get used() {
        return rule.used
      },
      get remaining() {
        return rule.removed ? 0 : rule.limit - rule.used
      },
      remove: () => {
        rule.removed = true
        this.#rules = this.#rules.filter((r) => r !== rule)
      },
    }
  }

  /** How many rules have answers left. */
  get size(): number {
    return this.#rules.length
  }

  /**
   * The first rule that matches and has answers left, used up by one; `undefined` if none. A
   * rule with no answers left is let go. Throws, naming the rule, if a match's own function does.
   */
  pick(request: RecordedRequest): { reply: ReplyWith; description: string } | undefined {
    const rule = this.#rules.find((r) => r.used < r.limit && tests(r, request))
    if (!rule) return undefined
    rule.used++
    if (rule.used >= rule.limit) this.#rules = this.#rules.filter((r) => r !== rule)
    return rule
  }

  clear(): void {
    for (const rule of this.#rules) rule.removed = true
    this.#rules = []
  }
}

function tests(rule: Rule, request: RecordedRequest): boolean {
  try {
    return rule.matcher.test(request)
  } catch (error) {
    throw new Error(`the match of the rule ${rule.description} threw ${describeError(error)}`, {
      cause: error,
    })
  }
}

/**
 * Scripts the answer to matching requests: `sink.when(match)`, optionally `.once()` or
 * `.times(n)`, then `.reply(...)` or `.fault(...)`. Each step returns a new rule builder, so a
 * half-built one can be reused. Rules are tried in the order they were added; a rule that has
 * used up its answers is skipped, and a request no rule takes gets the sink's default reply.
 *
 * @example
 * ```ts
 * sink.when({ method: 'POST', path: '/charge' }).once().reply({ status: 503 })
 * sink.when({ method: 'POST', path: '/charge' }).reply({ status: 201, body: { id: 'c-1' } })
 * ```
 */
export class ReplyRule {
  readonly #routes: Routes
  readonly #matcher: Matcher
  readonly #limit: number

  /** @internal Made by `sink.when()`. */
  constructor(routes: Routes, matcher: Matcher, limit: number) {
    this.#routes = routes
    this.#matcher = matcher
    this.#limit = limit
  }

  /** Answer only the next matching request. */
  once(): ReplyRule {
    return this.times(1)
  }

  /** Answer the next `n` matching requests. @default always */
  times(n: number): ReplyRule {
    toCount(n, 'times')
    return new ReplyRule(this.#routes, this.#matcher, n)
  }

  /** Answer every matching request (the default). */
  always(): ReplyRule {
    return new ReplyRule(this.#routes, this.#matcher, Infinity)
  }

  /** Adds the rule with this reply; the reply is checked now. */
  reply(reply: ReplyWith): Route {
    return this.#routes.add(this.#matcher, reply, this.#limit)
  }

  /** Adds the rule with a fault instead of an answer, after an optional delay. */
  fault(fault: Fault, options: { readonly delay?: Duration } = {}): Route {
    return this.reply(options.delay === undefined ? { fault } : { fault, delay: options.delay })
  }
}
