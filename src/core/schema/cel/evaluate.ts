// Evaluates parsed CEL over plain JSON values (a manifest's data), with CEL's macros (has, all, exists,
// exists_one, filter, map), its error-absorbing && and ||, the standard string functions and the parts of
// the Kubernetes CEL library (k8s.io/apiserver pkg/cel/library: regex find/findAll, lists, strings) that CRD
// rules use. A function outside that set raises CelUnsupportedError: the caller skips the rule, never guesses.
import type { CelNode } from './parse';

/** A runtime error of the expression itself (a missing key, a bad conversion), as the API server would raise. */
export class CelEvalError extends Error {}
/** A function or macro this evaluator does not implement: the rule's outcome is unknown. */
export class CelUnsupportedError extends Error {}

type Env = Record<string, unknown>;
type Method = (target: unknown, args: unknown[]) => unknown;

const isMap = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'list';
  if (isMap(v)) return 'map';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'double';
  return typeof v === 'boolean' ? 'bool' : typeof v;
}

function str(v: unknown, fn: string): string {
  if (typeof v !== 'string') throw new CelEvalError(`no such overload: ${typeName(v)}.${fn}`);
  return v;
}

function regex(pattern: unknown): RegExp {
  try {
    // RE2 and JavaScript agree on the patterns CRD rules use; (?i) and similar flags are RE2-only.
    return new RegExp(str(pattern, 'regex'), 'u');
  } catch {
    throw new CelUnsupportedError(`regular expression not supported here: ${String(pattern)}`);
  }
}

function equal(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => equal(x, b[i]));
  if (isMap(a) && isMap(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && equal(a[k], b[k]));
  }
  return a === b;
}

function size(v: unknown): number {
  if (typeof v === 'string') return [...v].length;
  if (Array.isArray(v)) return v.length;
  if (isMap(v)) return Object.keys(v).length;
  throw new CelEvalError(`no such overload: size(${typeName(v)})`);
}

function toInt(v: unknown): number {
  if (typeof v === 'number') return Math.trunc(v);
  if (typeof v === 'string' && /^[+-]?\d+$/.test(v.trim()) && v.trim() === v) return Number(v);
  if (typeof v === 'string') throw new CelEvalError(`type conversion error from 'string' to 'int'`); // cel-go's wording
  throw new CelEvalError(`no such overload: int(${typeName(v)})`);
}

const METHODS: Record<string, Method> = {
  size: (t) => size(t),
  startsWith: (t, [a]) => str(t, 'startsWith').startsWith(str(a, 'startsWith')),
  endsWith: (t, [a]) => str(t, 'endsWith').endsWith(str(a, 'endsWith')),
  contains: (t, [a]) => str(t, 'contains').includes(str(a, 'contains')),
  matches: (t, [a]) => regex(a).test(str(t, 'matches')),
  find: (t, [a]) => regex(a).exec(str(t, 'find'))?.[0] ?? '',
  findAll: (t, [a, n]) => {
    const all = [...str(t, 'findAll').matchAll(new RegExp(regex(a).source, 'gu'))].map((m) => m[0]);
    return n === undefined || (n as number) < 0 ? all : all.slice(0, n as number);
  },
  split: (t, [a, n]) => {
    const parts = str(t, 'split').split(str(a, 'split'));
    if (n === undefined || (n as number) < 0) return parts;
    if (n === 0) return [];
    return [...parts.slice(0, (n as number) - 1), parts.slice((n as number) - 1).join(a as string)];
  },
  lowerAscii: (t) => str(t, 'lowerAscii').replace(/[A-Z]/g, (c) => c.toLowerCase()),
  upperAscii: (t) => str(t, 'upperAscii').replace(/[a-z]/g, (c) => c.toUpperCase()),
  trim: (t) => str(t, 'trim').trim(),
  indexOf: (t, [a]) => str(t, 'indexOf').indexOf(str(a, 'indexOf')),
  lastIndexOf: (t, [a]) => str(t, 'lastIndexOf').lastIndexOf(str(a, 'lastIndexOf')),
  replace: (t, [a, b]) => str(t, 'replace').split(str(a, 'replace')).join(str(b, 'replace')),
  substring: (t, [a, b]) => [...str(t, 'substring')].slice(a as number, b as number | undefined).join(''),
  join: (t, [sep]) => {
    if (!Array.isArray(t)) throw new CelEvalError(`no such overload: ${typeName(t)}.join`);
    return t.map((x) => str(x, 'join')).join(sep === undefined ? '' : str(sep, 'join'));
  },
  isSorted: (t) => Array.isArray(t) && t.every((x, i) => i === 0 || (t[i - 1] as number | string) <= (x as number | string)),
  sum: (t) => (t as number[]).reduce((a, b) => a + b, 0),
  min: (t) => Math.min(...(t as number[])),
  max: (t) => Math.max(...(t as number[])),
};

const FUNCTIONS: Record<string, (args: unknown[]) => unknown> = {
  size: ([v]) => size(v),
  int: ([v]) => toInt(v),
  uint: ([v]) => toInt(v),
  double: ([v]) => {
    const n = Number(v);
    if (Number.isNaN(n)) throw new CelEvalError(`cannot convert "${String(v)}" to double`);
    return n;
  },
  string: ([v]) => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v)),
  bool: ([v]) => {
    if (typeof v === 'boolean') return v;
    if (v === 'true' || v === 'false') return v === 'true';
    throw new CelEvalError(`cannot convert "${String(v)}" to bool`);
  },
  type: ([v]) => typeName(v),
};

const MACROS = new Set(['all', 'exists', 'exists_one', 'filter', 'map']);

function select(of: unknown, field: string): unknown {
  if (!isMap(of)) throw new CelEvalError(`no such key: ${field} (on ${typeName(of)})`);
  if (!(field in of)) throw new CelEvalError(`no such key: ${field}`);
  return of[field];
}

/** Evaluates `node` with the variables of `env` (`self`, `oldSelf`). */
export function evaluate(node: CelNode, env: Env): unknown {
  switch (node.k) {
    case 'lit':
      return node.v;
    case 'id':
      if (!(node.name in env)) throw new CelEvalError(`undeclared reference to '${node.name}'`);
      return env[node.name];
    case 'list':
      return node.items.map((i) => evaluate(i, env));
    case 'map':
      return Object.fromEntries(node.entries.map(([k, v]) => [String(evaluate(k, env)), evaluate(v, env)]));
    case 'sel':
      return select(evaluate(node.of, env), node.field);
    case 'idx': {
      const of = evaluate(node.of, env);
      const index = evaluate(node.index, env);
      if (Array.isArray(of)) {
        if (typeof index !== 'number' || index < 0 || index >= of.length) throw new CelEvalError(`index out of bounds: ${String(index)}`);
        return of[index];
      }
      return select(of, String(index));
    }
    case 'un': {
      const v = evaluate(node.of, env);
      if (node.op === '!') {
        if (typeof v !== 'boolean') throw new CelEvalError(`no such overload: !${typeName(v)}`);
        return !v;
      }
      if (typeof v !== 'number') throw new CelEvalError(`no such overload: -${typeName(v)}`);
      return -v;
    }
    case 'cond': {
      const c = evaluate(node.c, env);
      if (typeof c !== 'boolean') throw new CelEvalError(`no such overload: ${typeName(c)} ? _ : _`);
      return evaluate(c ? node.t : node.f, env);
    }
    case 'bin':
      return binary(node.op, node.l, node.r, env);
    case 'call':
      return call(node, env);
  }
}

/** `a || b` and `a && b` absorb an error on one side when the other side decides (cel-spec, logical operators). */
function logical(op: '||' | '&&', l: CelNode, r: CelNode, env: Env): boolean {
  const decisive = op === '||';
  let error: unknown;
  for (const side of [l, r]) {
    try {
      const v = evaluate(side, env);
      if (typeof v !== 'boolean') throw new CelEvalError(`no such overload: ${typeName(v)} ${op} _`);
      if (v === decisive) return decisive;
    } catch (err) {
      if (err instanceof CelUnsupportedError) throw err;
      error ??= err;
    }
  }
  if (error) throw error;
  return !decisive;
}

function binary(op: string, ln: CelNode, rn: CelNode, env: Env): unknown {
  if (op === '||' || op === '&&') return logical(op, ln, rn, env);
  const l = evaluate(ln, env);
  const r = evaluate(rn, env);
  switch (op) {
    case '==':
      return equal(l, r);
    case '!=':
      return !equal(l, r);
    case 'in':
      if (Array.isArray(r)) return r.some((x) => equal(x, l));
      if (isMap(r)) return String(l) in r;
      throw new CelEvalError(`no such overload: _ in ${typeName(r)}`);
  }
  if (op === '+' && typeof l === 'string' && typeof r === 'string') return l + r;
  if (op === '+' && Array.isArray(l) && Array.isArray(r)) return [...l, ...r];
  const comparable = (typeof l === 'number' && typeof r === 'number') || (typeof l === 'string' && typeof r === 'string');
  if (!comparable) throw new CelEvalError(`no such overload: ${typeName(l)} ${op} ${typeName(r)}`);
  const a = l as number;
  const b = r as number;
  switch (op) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      if (b === 0) throw new CelEvalError('division by zero');
      return Number.isInteger(a) && Number.isInteger(b) ? Math.trunc(a / b) : a / b;
    case '%':
      if (b === 0) throw new CelEvalError('modulus by zero');
      return a % b;
  }
  throw new CelUnsupportedError(`operator ${op}`);
}

function call(node: Extract<CelNode, { k: 'call' }>, env: Env): unknown {
  if (!node.target && node.fn === 'has') {
    const arg = node.args[0];
    if (node.args.length !== 1 || arg.k !== 'sel') throw new CelEvalError('has() takes one field selection');
    const of = evaluate(arg.of, env);
    if (!isMap(of)) throw new CelEvalError(`has() on ${typeName(of)}`);
    return arg.field in of && of[arg.field] !== undefined;
  }
  if (node.target && MACROS.has(node.fn)) return macro(node, env);
  if (node.target) {
    const method = METHODS[node.fn];
    if (!method) throw new CelUnsupportedError(`function ${node.fn}`);
    return method(
      evaluate(node.target, env),
      node.args.map((a) => evaluate(a, env)),
    );
  }
  const fn = FUNCTIONS[node.fn];
  if (!fn) throw new CelUnsupportedError(`function ${node.fn}`);
  return fn(node.args.map((a) => evaluate(a, env)));
}

function macro(node: Extract<CelNode, { k: 'call' }>, env: Env): unknown {
  const [varNode, body, mapBody] = node.args;
  if (varNode?.k !== 'id' || !body) throw new CelEvalError(`${node.fn}() needs a variable and an expression`);
  const range = evaluate(node.target!, env);
  const items = Array.isArray(range) ? range : isMap(range) ? Object.keys(range) : undefined;
  if (!items) throw new CelEvalError(`no such overload: ${typeName(range)}.${node.fn}`);
  const run = (item: unknown, expr: CelNode) => evaluate(expr, { ...env, [varNode.name]: item });
  const test = (item: unknown) => {
    const v = run(item, body);
    if (typeof v !== 'boolean') throw new CelEvalError(`${node.fn}() predicate gave ${typeName(v)}`);
    return v;
  };
  switch (node.fn) {
    case 'all':
    case 'exists': {
      // Like && and ||: an error on one element is absorbed when another element decides.
      const decisive = node.fn === 'exists';
      let error: unknown;
      for (const item of items) {
        try {
          if (test(item) === decisive) return decisive;
        } catch (err) {
          if (err instanceof CelUnsupportedError) throw err;
          error ??= err;
        }
      }
      if (error) throw error;
      return !decisive;
    }
    case 'exists_one':
      return items.filter(test).length === 1;
    case 'filter':
      return items.filter(test);
    default:
      return items.map((item) => (mapBody ? (test(item) ? [run(item, mapBody)] : []) : [run(item, body)])).flat(1);
  }
}
