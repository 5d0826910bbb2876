// A parser for the Common Expression Language as CRDs write it in x-kubernetes-validations (cel-spec's
// grammar: conditional, ||, &&, relations with `in`, arithmetic, unary, member calls, indexing, list and
// map literals). Our own small one: the rules we check use a small part of CEL, and no dependency is loaded.

export type CelNode =
  | { k: 'lit'; v: unknown }
  | { k: 'id'; name: string }
  | { k: 'list'; items: CelNode[] }
  | { k: 'map'; entries: [CelNode, CelNode][] }
  | { k: 'sel'; of: CelNode; field: string }
  | { k: 'idx'; of: CelNode; index: CelNode }
  | { k: 'call'; fn: string; target?: CelNode; args: CelNode[] }
  | { k: 'un'; op: '!' | '-'; of: CelNode }
  | { k: 'bin'; op: string; l: CelNode; r: CelNode }
  | { k: 'cond'; c: CelNode; t: CelNode; f: CelNode };

/** A CEL expression that does not parse (or uses syntax this parser does not know). */
export class CelSyntaxError extends Error {}

interface Token {
  t: 'num' | 'str' | 'id' | 'op' | 'end';
  v: string | number;
  pos: number;
}

const OPS = ['==', '!=', '<=', '>=', '&&', '||', '<', '>', '+', '-', '*', '/', '%', '!', '?', ':', '.', ',', '(', ')', '[', ']', '{', '}'];
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '`': '`', '?': '?', a: '\x07', b: '\b', f: '\f', v: '\v' };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    const raw = (c === 'r' || c === 'R') && (src[i + 1] === '"' || src[i + 1] === "'");
    if (c === '"' || c === "'" || raw) {
      if (raw) i++;
      const q = src[i];
      const triple = src.startsWith(q.repeat(3), i);
      const close = triple ? q.repeat(3) : q;
      i += close.length;
      let s = '';
      while (i < src.length && !src.startsWith(close, i)) {
        if (src[i] === '\\' && !raw) {
          const e = src[i + 1];
          if (e in ESCAPES) {
            s += ESCAPES[e];
            i += 2;
          } else if (e === 'u' || e === 'x' || e === 'U') {
            const len = e === 'x' ? 2 : e === 'u' ? 4 : 8;
            s += String.fromCodePoint(parseInt(src.slice(i + 2, i + 2 + len), 16));
            i += 2 + len;
          } else throw new CelSyntaxError(`unknown escape \\${e} at ${i}`);
        } else s += src[i++];
      }
      if (i >= src.length) throw new CelSyntaxError(`unterminated string at ${start}`);
      i += close.length;
      out.push({ t: 'str', v: s, pos: start });
      continue;
    }
    const num = /^(?:0x[0-9a-fA-F]+|\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)[uU]?/.exec(src.slice(i));
    if (num && /\d/.test(c)) {
      out.push({ t: 'num', v: Number(num[0].replace(/[uU]$/, '')), pos: start });
      i += num[0].length;
      continue;
    }
    const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
    if (id) {
      out.push({ t: 'id', v: id[0], pos: start });
      i += id[0].length;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (!op) throw new CelSyntaxError(`unexpected character '${c}' at ${i}`);
    out.push({ t: 'op', v: op, pos: start });
    i += op.length;
  }
  out.push({ t: 'end', v: '', pos: src.length });
  return out;
}

/** Parses one CEL expression into its tree. */
export function parseCel(src: string): CelNode {
  const toks = tokenize(src);
  let p = 0;
  const peek = () => toks[p];
  const isOp = (v: string) => toks[p].t === 'op' && toks[p].v === v;
  const take = (v: string) => {
    if (!isOp(v)) throw new CelSyntaxError(`expected '${v}' at ${toks[p].pos}, found '${toks[p].v}'`);
    p++;
  };

  const expr = (): CelNode => {
    const c = or();
    if (!isOp('?')) return c;
    p++;
    const t = or();
    take(':');
    return { k: 'cond', c, t, f: expr() };
  };
  const binary = (next: () => CelNode, ops: string[]) => (): CelNode => {
    let l = next();
    for (;;) {
      const tok = peek();
      const op = tok.t === 'op' && ops.includes(tok.v as string) ? (tok.v as string) : tok.t === 'id' && tok.v === 'in' && ops.includes('in') ? 'in' : undefined;
      if (!op) return l;
      p++;
      l = { k: 'bin', op, l, r: next() };
    }
  };
  const unary = (): CelNode => {
    if (isOp('!') || isOp('-')) {
      const op = peek().v as '!' | '-';
      p++;
      return { k: 'un', op, of: unary() };
    }
    return member();
  };
  const mul = binary(unary, ['*', '/', '%']);
  const add = binary(mul, ['+', '-']);
  const rel = binary(add, ['<', '<=', '>', '>=', '==', '!=', 'in']);
  const and = binary(rel, ['&&']);
  const or = binary(and, ['||']);

  const args = (close: string): CelNode[] => {
    const list: CelNode[] = [];
    while (!isOp(close)) {
      list.push(expr());
      if (!isOp(close)) take(',');
    }
    p++;
    return list;
  };
  const member = (): CelNode => {
    let node = primary();
    for (;;) {
      if (isOp('.')) {
        p++;
        const name = peek();
        if (name.t !== 'id') throw new CelSyntaxError(`expected a field name at ${name.pos}`);
        p++;
        if (isOp('(')) {
          p++;
          node = { k: 'call', fn: name.v as string, target: node, args: args(')') };
        } else node = { k: 'sel', of: node, field: name.v as string };
      } else if (isOp('[')) {
        p++;
        const index = expr();
        take(']');
        node = { k: 'idx', of: node, index };
      } else return node;
    }
  };
  const primary = (): CelNode => {
    const tok = peek();
    p++;
    if (tok.t === 'num' || tok.t === 'str') return { k: 'lit', v: tok.v };
    if (tok.t === 'id') {
      if (tok.v === 'true' || tok.v === 'false') return { k: 'lit', v: tok.v === 'true' };
      if (tok.v === 'null') return { k: 'lit', v: null };
      if (isOp('(')) {
        p++;
        return { k: 'call', fn: tok.v as string, args: args(')') };
      }
      return { k: 'id', name: tok.v as string };
    }
    if (tok.t === 'op' && tok.v === '(') {
      const e = expr();
      take(')');
      return e;
    }
    if (tok.t === 'op' && tok.v === '[') return { k: 'list', items: args(']') };
    if (tok.t === 'op' && tok.v === '{') {
      const entries: [CelNode, CelNode][] = [];
      while (!isOp('}')) {
        const key = expr();
        take(':');
        entries.push([key, expr()]);
        if (!isOp('}')) take(',');
      }
      p++;
      return { k: 'map', entries };
    }
    throw new CelSyntaxError(`unexpected '${tok.v}' at ${tok.pos}`);
  };

  const tree = expr();
  if (peek().t !== 'end') throw new CelSyntaxError(`unexpected '${peek().v}' at ${peek().pos}`);
  return tree;
}
