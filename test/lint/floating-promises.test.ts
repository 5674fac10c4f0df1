// A forgotten `await` is silent at run time (a wait that never starts passes), so it must be
// loud at lint time: every Wait is a real Promise, which typescript-eslint's no-floating-promises
// reports with its default options, as users have it configured.
import { join } from 'node:path'
import { ESLint } from 'eslint'
import tseslint from 'typescript-eslint'
import { expect, test } from 'vitest'

const root = join(import.meta.dirname, '..', '..')

test('no-floating-promises, default options, reports every wait left without await', async () => {
  const eslint = new ESLint({
    cwd: root,
    overrideConfigFile: true,
    overrideConfig: [
      {
        files: ['**/*.ts'],
        languageOptions: {
          parser: tseslint.parser,
          parserOptions: { projectService: true, tsconfigRootDir: root },
        },
        plugins: { '@typescript-eslint': tseslint.plugin },
        rules: { '@typescript-eslint/no-floating-promises': 'error' },
      },
    ],
  })
  const [result] = await eslint.lintFiles([join(root, 'test/lint/fixtures/forgotten-await.ts')])
  const reported = (result?.messages ?? []).map((m) => `${m.line}: ${m.ruleId ?? m.message}`)
  expect(reported).toEqual([
    '6: @typescript-eslint/no-floating-promises',
    '7: @typescript-eslint/no-floating-promises',
    '8: @typescript-eslint/no-floating-promises',
    '9: @typescript-eslint/no-floating-promises',
  ])
}, 60_000)
