/**
 * Finds values assigned to secret-like names on one line, in the forms code and configuration
 * use: `name = "v"`, `name: v`, `"name": "v"`, `name == "v"`, `"v" != NAME`, `f(name="v")`,
 * `getenv("NAME", "v")` (a default is a hard-coded value), `<name>v</name>`, `?name=v&…` in
 * URLs, and `.netrc`'s `machine … login … password v`.
 *
 * In code files an unquoted right-hand side is an expression (`password = getpass()`,
 * `SECRET = os.environ["SECRET"]`, `password = new_password`), never a literal; templates
 * (`f"{x}"`, `"{}".format(x)`, `` `${x}` ``) are not literals either. In configuration files an
 * unquoted value is a literal unless more prose follows it on the line.
 *
 * Example: `findAssignments('creds = {"password": "s3cr3t!"}', true)` gives one hit named
 * `password` with value `s3cr3t!` at offset 10.
 */
import { type KeyNameKind, classifyKeyName } from './key-names';
import { isPlaceholder } from './values';

/** A value found next to a secret-like name. The value never leaves the secrets detector. */
export interface AssignmentHit {
  /** 0-based offset of the name on the line. */
  offset: number;
  name: string;
  kind: KeyNameKind;
  value: string;
  /** 0-based offset of the value on the line (its extent is `value.length`; quotes excluded). */
  valueOffset: number;
  /** Found as a URL query parameter (`?password=…`). */
  inUrl: boolean;
  /** Compared with the name (`==`, `!=`) rather than assigned to it. */
  comparison: boolean;
}

const KEYWORD = /pass|pwd|secret|token|key|auth|cred|bearer|signature|salt|cookie|session/gi;
const OPERATORS = ['===', '!==', '==', '!=', ':=', '=>', '<-', '=', ':'] as const;
const COMPARISONS = new Set(['===', '!==', '==', '!=']);
const STRING_PREFIX = /[fFrRbBuU]{1,2}(?=\\?["'`])/y;
const TEMPLATE_AFTER = /^\s*(?:\.format\(|%\s*[(\w]|\+\s*[\w"'])/;
const STOP = /[\s,;)}\]&"'<>]/;
const BRACKETS: Record<string, string> = { '{': '}', '(': ')', '[': ']' };
const PROSE_AFTER = /^[^#;,)}\]&"'<>/]/;
const TYPE_ANNOTATION = /[ \t]{0,8}[A-Za-z_][\w.[\]| <>]{0,64}?[ \t]{0,8}=(?!=)[ \t]*/y;
/** What may precede a typed declaration on its line: indentation and declaration keywords. */
const DECLARATION_START = /^[ \t]*(?:(?:export|const|let|var|val|private|public|protected|readonly|static|final)[ \t]+)*$/;
const STRING_LITERAL = /(["'])((?:\\.|(?!\1)[^\\])*)\1/g;
/** A `.netrc` line starts with one of its keywords. */
const NETRC = /^\s*(?:machine|default|login|password|account)\s/;
const EXPRESSION = /[([]|^(?:os|process|env|ENV|System|environ|config|settings|self|this|request|params|props|args)\b/;

function isNameChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45;
}

let netrcText: string | undefined;
let netrcAnswer = false;

/** Whether the line reads like `.netrc` (`machine … login … password …`), worked out once per line. */
function isNetrcLine(text: string): boolean {
  if (netrcText !== text) {
    netrcText = text;
    netrcAnswer = NETRC.test(text);
  }
  return netrcAnswer;
}

/** The last non-blank character before `pos`. */
function charBefore(text: string, pos: number): string | undefined {
  while (pos > 0 && (text[pos - 1] === ' ' || text[pos - 1] === '\t')) pos--;
  return text[pos - 1];
}

function skipBlanks(text: string, pos: number): number {
  while (pos < text.length && (text[pos] === ' ' || text[pos] === '\t')) pos++;
  return pos;
}

interface Literal {
  value: string;
  /** Where the value starts on the line. */
  at: number;
  quoted: boolean;
  comparison?: boolean;
}

/** Longest value read; anything longer is not a credential, and the bound keeps lines linear. */
const MAX_VALUE = 4096;
/**
 * How far the last `readValue` looked. The caller resumes its keyword search there, so a line
 * with many names (`password=password=…`) is read once, not once per name.
 */
let scannedTo = 0;

/** Reads a quoted or bare value starting at `pos`; undefined for templates and unclosed strings. */
function readValue(text: string, pos: number, code: boolean, inUrl: boolean): Literal | undefined {
  const limit = Math.min(text.length, pos + MAX_VALUE);
  STRING_PREFIX.lastIndex = pos;
  const prefix = STRING_PREFIX.exec(text)?.[0] ?? '';
  let p = pos + prefix.length;
  const escaped = text[p] === '\\' && (text[p + 1] === '"' || text[p + 1] === "'");
  if (escaped) p++;
  const q = text[p];
  // `?password="`: the quote closes the attribute holding the URL, so the parameter is empty.
  if (inUrl && !escaped && (q === '"' || q === "'")) return { value: '', at: p, quoted: false };
  if (q === '"' || q === "'" || q === '`') {
    let end = p + 1;
    for (; end < limit; end++) {
      if (text[end] === '\\') {
        if (escaped && text[end + 1] === q) break;
        end++;
      } else if (text[end] === q && !escaped) break;
    }
    scannedTo = Math.max(scannedTo, end + 1);
    if (end >= limit) return undefined;
    const value = text.slice(p + 1, end);
    if (/f/i.test(prefix) && value.includes('{')) return undefined;
    if (q === '`' && value.includes('${')) return undefined;
    if (TEMPLATE_AFTER.test(text.slice(end + (escaped ? 2 : 1), end + 24))) return undefined;
    return { value, at: p + 1, quoted: true };
  }
  if (code && !inUrl) return undefined;
  let end = p;
  const closer = BRACKETS[text[p] ?? ''];
  if (closer) {
    // `{NPM_TOKEN}`, `(none)`: read the bracketed value whole so it can be judged a placeholder.
    const close = text.indexOf(closer, p + 1);
    end = close < 0 || close >= limit ? limit : close + 1;
  } else {
    while (end < limit && !STOP.test(text[end]!)) end++;
  }
  scannedTo = Math.max(scannedTo, end);
  const value = text.slice(p, end);
  const next = skipBlanks(text, end);
  if (!inUrl && next < text.length && PROSE_AFTER.test(text[next]!)) return undefined;
  if (EXPRESSION.test(value)) return undefined;
  return { value, at: p, quoted: false };
}

/** The operator after a name, and where its right-hand side starts. */
function readOperator(text: string, pos: number): { op: string; next: number } | undefined {
  if (text.startsWith('::', pos)) return undefined;
  for (const op of OPERATORS) if (text.startsWith(op, pos)) return { op, next: skipBlanks(text, pos + op.length) };
  return undefined;
}

/** `"literal" == NAME`: the last literal on the left of a comparison. */
function literalBeforeComparison(text: string, start: number, name: string): Literal | undefined {
  let at = start;
  while (at > 0 && (text[at - 1] === ' ' || text[at - 1] === '\t')) at--;
  if (text[at - 1] !== '=' || (text[at - 2] !== '=' && text[at - 2] !== '!')) return undefined;
  // The literal compared is close by; a bounded look-back keeps long lines linear.
  const from = Math.max(0, at - 2 - 512);
  const segment = text.slice(from, at - 2);
  let found: Literal | undefined;
  STRING_LITERAL.lastIndex = 0;
  for (let m = STRING_LITERAL.exec(segment); m; m = STRING_LITERAL.exec(segment)) {
    if (!isPlaceholder(m[2]!, name)) found = { value: m[2]!, at: from + m.index + 1, quoted: true, comparison: true };
  }
  return found;
}

/** The value written for the name at [start, end), if the line assigns or compares one. */
function valueForName(text: string, start: number, end: number, name: string, code: boolean, inUrl: boolean): Literal | undefined {
  const before = text[start - 1];
  if (before === '<' && text[end] === '>') {
    const close = text.indexOf('<', end + 1);
    const raw = text.slice(end + 1, close < 0 ? text.length : close);
    return { value: raw.trim(), at: end + 1 + (raw.length - raw.trimStart().length), quoted: true };
  }
  let pos = end;
  let quotedName = false;
  if ((before === '"' || before === "'" || before === '`') && text[end] === before) {
    quotedName = true;
    pos = end + 1;
  } else if (before === '"' && text[start - 2] === '\\' && text.startsWith('\\"', end)) {
    quotedName = true;
    pos = end + 2;
  }
  pos = skipBlanks(text, pos);
  const op = readOperator(text, pos);
  if (op) {
    const value = readValue(text, op.next, code, inUrl);
    if (value) return COMPARISONS.has(op.op) ? { ...value, comparison: true } : value;
    if (code && op.op === ':' && start < 200 && DECLARATION_START.test(text.slice(0, start))) {
      // `password: str = "x"` (a typed declaration): the value follows the `=`.
      TYPE_ANNOTATION.lastIndex = op.next;
      if (TYPE_ANNOTATION.exec(text)) return readValue(text, TYPE_ANNOTATION.lastIndex, code, false);
    }
    // `if "x" != PASSWORD:`: the colon opens a block; the literal is on the left.
    return quotedName ? undefined : literalBeforeComparison(text, start, name);
  }
  if (quotedName && text[pos] === ',' && charBefore(text, start - 1) === '(') {
    // getenv("PASSWORD", "default"): the default is written into the code.
    return readValue(text, skipBlanks(text, pos + 1), code, false);
  }
  if (!quotedName && /^pass(?:wd|word)?$/.test(name) && text[end] === ' ' && isNetrcLine(text)) {
    return readValue(text, skipBlanks(text, end), false, false);
  }
  if (!quotedName) return literalBeforeComparison(text, start, name);
  return undefined;
}

/**
 * Every value assigned to (or compared with) a secret-like name on the line, placeholders
 * included (the caller judges them). `code` says the file is source code.
 */
export function findAssignments(text: string, code: boolean): AssignmentHit[] {
  let hits: AssignmentHit[] | undefined;
  KEYWORD.lastIndex = 0;
  for (let m = KEYWORD.exec(text); m; m = KEYWORD.exec(text)) {
    let start = m.index;
    while (start > 0 && isNameChar(text.charCodeAt(start - 1))) start--;
    let end = m.index + m[0].length;
    while (end < text.length && isNameChar(text.charCodeAt(end))) end++;
    KEYWORD.lastIndex = end;
    while (text[start] === '-') start++;
    const name = text.slice(start, end);
    const kind = classifyKeyName(name);
    if (!kind) continue;
    const inUrl = start > 0 && '?&;'.includes(text[start - 1]!) && text[end] === '=';
    scannedTo = end;
    const literal = valueForName(text, start, end, name, code, inUrl);
    KEYWORD.lastIndex = Math.max(end, scannedTo);
    if (!literal) continue;
    (hits ??= []).push({ offset: start, name, kind, value: literal.value, valueOffset: literal.at, inUrl, comparison: literal.comparison === true });
  }
  return hits ?? [];
}
