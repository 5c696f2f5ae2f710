/**
 * Splits a SQL script into its statements at top-level semicolons, so each can be sent on its own:
 * PGlite (through its Prisma adapter) runs one statement per call. Semicolons inside quoted strings,
 * quoted identifiers, dollar-quoted bodies and comments do not split. Comment-only pieces are dropped.
 * Not handled: SQL-standard `BEGIN ATOMIC ... END` function bodies (write functions with $$ bodies).
 */
export function splitSqlStatements(script: string): string[] {
  const statements: string[] = [];
  let start = 0;
  let i = 0;
  while (i < script.length) {
    const char = script[i];
    const next = script[i + 1];
    if (char === ";") {
      statements.push(script.slice(start, i));
      start = i + 1;
      i += 1;
    } else if (char === "-" && next === "-") {
      i = indexAfter(script, "\n", i + 2);
    } else if (char === "/" && next === "*") {
      i = endOfBlockComment(script, i);
    } else if (char === "'") {
      i = endOfQuoted(script, i, "'", isEscapeString(script, i));
    } else if (char === '"') {
      i = endOfQuoted(script, i, '"', false);
    } else if (char === "$") {
      i = endOfDollarQuoted(script, i);
    } else {
      i += 1;
    }
  }
  statements.push(script.slice(start));
  return statements.map((statement) => statement.trim()).filter(hasSqlOutsideComments);
}

function indexAfter(script: string, token: string, from: number): number {
  const found = script.indexOf(token, from);
  return found === -1 ? script.length : found + token.length;
}

// Postgres block comments nest.
function endOfBlockComment(script: string, open: number): number {
  let depth = 0;
  let i = open;
  while (i < script.length) {
    if (script.startsWith("/*", i)) {
      depth += 1;
      i += 2;
    } else if (script.startsWith("*/", i)) {
      depth -= 1;
      i += 2;
      if (depth === 0) return i;
    } else {
      i += 1;
    }
  }
  return script.length;
}

// E'...' strings allow backslash escapes such as \' ; ordinary strings only the doubled quote.
function isEscapeString(script: string, quote: number): boolean {
  const prefix = script[quote - 1];
  return (prefix === "E" || prefix === "e") && !isIdentifierChar(script[quote - 2]);
}

function endOfQuoted(script: string, open: number, quote: string, backslashEscapes: boolean): number {
  let i = open + 1;
  while (i < script.length) {
    const char = script[i];
    if (backslashEscapes && char === "\\") {
      i += 2;
    } else if (char === quote && script[i + 1] === quote) {
      i += 2;
    } else if (char === quote) {
      return i + 1;
    } else {
      i += 1;
    }
  }
  return script.length;
}

const DOLLAR_QUOTE_TAG = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/;

function endOfDollarQuoted(script: string, dollar: number): number {
  // A `$` inside an identifier (e.g. a$b) or a parameter ($1) does not open a quote.
  const tag = isIdentifierChar(script[dollar - 1]) ? null : DOLLAR_QUOTE_TAG.exec(script.slice(dollar));
  if (!tag) return dollar + 1;
  return indexAfter(script, tag[0], dollar + tag[0].length);
}

function isIdentifierChar(char: string | undefined): boolean {
  return char !== undefined && /[A-Za-z0-9_$]/.test(char);
}

function hasSqlOutsideComments(statement: string): boolean {
  const withoutComments = statement.replace(/--[^\n]*/g, "").replace(/\/\*[\s\S]*?\*\//g, "");
  return withoutComments.trim().length > 0;
}
