// Compiles a page's samples strictly: each sample is a module, and all of them share one program
// with the page's preamble, a global script that declares with real types the reader's own
// objects the samples assume (api, id, expect …). A sample's own import or `const` shadows a
// preamble name. Nothing the compiler says is ignored.
import { join, relative } from 'node:path'
import ts from 'typescript'
import type { Sample } from './samples.js'

/** A page's samples, with the preamble they are compiled with. */
export interface Page {
  /** `docs/dsl.md` */
  readonly page: string
  /** A `.d.ts` global script and its text; undefined when the samples assume nothing. */
  readonly preamble: { readonly path: string; readonly text: string } | undefined
  readonly samples: readonly Sample[]
}

const ENTRY_POINTS = ['patiently', 'patiently/http', 'patiently/sqs']

/** Compiles page after page, each in its own program built on the previous one. */
export class SampleChecker {
  readonly #root: string
  readonly #options: ts.CompilerOptions
  readonly #host: ts.CompilerHost
  readonly #entryPoints: string[]
  /** The texts of the page being checked, which exist only in memory. */
  readonly #texts = new Map<string, string>()
  readonly #parsed = new Map<string, ts.SourceFile>()
  #previous: ts.Program | undefined

  constructor(root: string) {
    this.#root = root
    const config = ts.readConfigFile(join(root, 'tsconfig.json'), (p) => ts.sys.readFile(p))
    const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root)
    // A preamble is a declaration file (so that it stays a global script in this ESM package),
    // and skipLibCheck would leave it unchecked. Only the page's own files are asked for errors.
    this.#options = { ...parsed.options, noUnusedLocals: false, noEmit: true, skipLibCheck: false }
    const host = ts.createCompilerHost(this.#options)
    const read = host.readFile.bind(host)
    host.readFile = (file) => this.#texts.get(file) ?? read(file)
    const exists = host.fileExists.bind(host)
    host.fileExists = (file) => this.#texts.has(file) || exists(file)
    const parse = host.getSourceFile.bind(host)
    // The library and node's types are parsed once for every page's program.
    host.getSourceFile = (file, language, onError, fresh) => {
      if (this.#texts.has(file)) return parse(file, language, onError, fresh)
      const known = this.#parsed.get(file)
      if (known) return known
      const made = parse(file, language, onError, fresh)
      if (made) this.#parsed.set(file, made)
      return made
    }
    this.#host = host
    const from = join(root, 'index.ts')
    this.#entryPoints = ENTRY_POINTS.map((name) => {
      const resolved = ts.resolveModuleName(name, from, this.#options, host).resolvedModule
      if (!resolved) throw new Error(`${name} does not resolve from ${root}`)
      return resolved.resolvedFileName
    })
  }

  /** What the compiler, and the rules for preambles, say about a page: `file:line: text`. */
  check(page: Page): string[] {
    this.#texts.clear()
    const dir = join(this.#root, '.tmp', 'docs', page.page)
    const names = page.samples.map((sample, i) => {
      const name = join(dir, `sample-${i}.ts`)
      this.#texts.set(name, `${sample.code}\nexport {}\n`)
      return name
    })
    if (page.preamble) this.#texts.set(page.preamble.path, page.preamble.text)
    const program = ts.createProgram({
      rootNames: [...names, ...(page.preamble ? [page.preamble.path] : []), ...this.#entryPoints],
      options: this.#options,
      host: this.#host,
      ...(this.#previous ? { oldProgram: this.#previous } : {}),
    })
    this.#previous = program
    const files = names.map((name, i) => ({
      file: program.getSourceFile(name),
      where: page.page,
      from: page.samples[i]?.line ?? 1,
    }))
    const preamble = page.preamble && program.getSourceFile(page.preamble.path)
    if (preamble) {
      files.push({ file: preamble, where: relative(this.#root, preamble.fileName), from: 1 })
    }
    const problems: string[] = []
    for (const { file, where, from } of files) {
      if (!file) throw new Error(`${where} is not in the program`)
      for (const d of [
        ...program.getSyntacticDiagnostics(file),
        ...program.getSemanticDiagnostics(file),
      ]) {
        const text = ts.flattenDiagnosticMessageText(d.messageText, '\n')
        problems.push(`${where}:${from - 1 + lineOf(file, d.start ?? 0)}: ${text}`)
      }
    }
    if (preamble) problems.push(...this.#preambleRules(program, preamble, names))
    return problems
  }

  /**
   * A preamble declares the reader's objects, with real types, and nothing else: no `any`, none
   * of patiently's own names (a sample imports those, so a wrong call cannot be declared
   * right), no patiently module, and no name that no sample uses.
   */
  #preambleRules(program: ts.Program, preamble: ts.SourceFile, samples: string[]): string[] {
    const checker = program.getTypeChecker()
    const where = relative(this.#root, preamble.fileName)
    const problems: string[] = []
    const visit = (node: ts.Node): void => {
      if (node.kind === ts.SyntaxKind.AnyKeyword) {
        problems.push(`${where}:${lineOf(preamble, node.getStart())}: \`any\`: give the real type`)
      }
      ts.forEachChild(node, visit)
    }
    visit(preamble)
    const own = new Set(
      this.#entryPoints.flatMap((file) => {
        const module = program.getSourceFile(file)
        const symbol = module && checker.getSymbolAtLocation(module)
        return symbol ? checker.getExportsOfModule(symbol).map((s) => s.name) : []
      }),
    )
    const declared = new Map<ts.Declaration, string>()
    for (const statement of preamble.statements) {
      const line = `${where}:${lineOf(preamble, statement.getStart())}`
      if (ts.isModuleDeclaration(statement) && ts.isStringLiteral(statement.name)) {
        if (ENTRY_POINTS.some((name) => statement.name.text.startsWith(name))) {
          problems.push(
            `${line}: declares the module '${statement.name.text}', which is the library's own`,
          )
        }
        continue
      }
      for (const declaration of declarationsOf(statement)) {
        const name = ts.getNameOfDeclaration(declaration)?.getText() ?? ''
        if (own.has(name)) {
          problems.push(
            `${line}: declares \`${name}\`, which patiently exports: import it in the sample`,
          )
        }
        declared.set(declaration, name)
      }
    }
    const used = new Set<ts.Declaration>()
    const see = (node: ts.Node): void => {
      if (ts.isIdentifier(node)) {
        const symbol = ts.isShorthandPropertyAssignment(node.parent)
          ? checker.getShorthandAssignmentValueSymbol(node.parent)
          : checker.getSymbolAtLocation(node)
        const declarations = symbol?.declarations ?? []
        for (const d of declarations.filter((d) => ts.getNameOfDeclaration(d) !== node)) used.add(d)
      }
      ts.forEachChild(node, see)
    }
    for (const name of [...samples, preamble.fileName]) {
      const file = program.getSourceFile(name)
      if (file) see(file)
    }
    for (const [declaration, name] of declared) {
      if (!used.has(declaration)) {
        problems.push(
          `${where}:${lineOf(preamble, declaration.getStart())}: declares \`${name}\`, which no sample uses`,
        )
      }
    }
    return problems
  }
}

function declarationsOf(statement: ts.Statement): ts.Declaration[] {
  if (ts.isVariableStatement(statement)) return [...statement.declarationList.declarations]
  if (
    ts.isFunctionDeclaration(statement) ||
    ts.isInterfaceDeclaration(statement) ||
    ts.isTypeAliasDeclaration(statement) ||
    ts.isClassDeclaration(statement) ||
    ts.isEnumDeclaration(statement) ||
    ts.isModuleDeclaration(statement)
  ) {
    return [statement]
  }
  return []
}

function lineOf(file: ts.SourceFile, position: number): number {
  return file.getLineAndCharacterOfPosition(position).line + 1
}
