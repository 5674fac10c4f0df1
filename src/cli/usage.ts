/** The text of `patiently --help`. */
export const USAGE = `Usage:
  patiently wait <target>... [checks] [timing] [-- command args]
  patiently never <target>... --for <duration> [checks] [timing]
  patiently always <target>... --for <duration> [checks] [timing]
  patiently sink [options]            an HTTP sink with an admin API (patiently sink --help)

wait passes once every target passes its checks (all in parallel); never passes if no target
passes during the window; always passes if every target passes on every attempt of it.

Targets:
  http://host:port/path, https://...  answers with a status in --status (default 2xx)
  tcp:host:port                       accepts a connection
  file:path                           exists (and its content passes --json and --body)
  cmd:"command args"                  exits 0 (and its stdout passes --body); killed at the end
  sqs:QUEUE                           a message (matching --json) is on the queue; left there
  receive                             an HTTP request arrives on --port; printed as JSON

Checks (each applies to the targets it names):
  --status <codes>          http: 200, 200,204, 200-299 or 2xx (default 2xx)
  --json <pattern>          http, file, sqs, receive: the JSON body contains this deep-partial pattern
  --body <text|/regex/>     http, file, cmd: the body, content or stdout contains it or matches it
  --header <name: value>    http: a response header has this value (or /regex/); repeatable
  --method <method>         http: the request method (default GET); receive: the method to match
  --request-header <h: v>   http: a request header; repeatable
  --data <text>             http: the request body
  --request-timeout <dur>   http: abort each request after this long (default 10s)
  --port <n>                receive: the port to listen on (default 8080; 0 picks a free one)
  --host <address>          receive: the interface to listen on (default 127.0.0.1)
  --path <path>             receive: the path to match (exact, or with :name segments)
  --count <n>               receive: how many matching requests (default 1)
  --endpoint <url>          sqs: the SQS endpoint (region and credentials from the AWS environment)
  --consume                 sqs: delete the message instead of leaving it for others

Timing:
  --at-most <dur>           wait: the deadline (default 30s)
  --for <dur>               never, always: the window
  --every <dur>             the interval between attempts (default 100ms)
  --backoff                 double the interval after each attempt, up to --backoff-max
  --backoff-max <dur>       the longest interval with --backoff (default 5s)
  --poll-delay <dur>        a delay before the first attempt
  --holds-for <dur>         wait: once passing, keep passing this long
  --in-a-row <n>            wait: pass this many attempts in a row
  --at-least <dur>          wait: a pass earlier than this fails

Output:
  --output json             print one JSON result on stdout instead of lines on stderr
  -q, --quiet               print only failures (and what receive and sqs targets got)
  -h, --help                show this help

Durations: 250ms, 3s, 1.5m, 1h, or a number of milliseconds.
Exit codes: 0 passed, 1 timed out, violated or could not start, 2 bad usage, 130 interrupted.
After --, a command runs once the wait passes; patiently exits with its status.`
