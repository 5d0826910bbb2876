// Kubernetes resource quantities, parsed as apimachinery's resource.ParseQuantity does:
// `<signedNumber><suffix>`, case-sensitive suffixes, fixed point (BigInt nano-units, rounded up), never floats.
// Not @kubernetes/client-node's quantityToScalar: it mixes floats with BigInt, throws on `1.5Gi`,
// and ignores signs and exponents.

export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

export interface Quantity {
  /** The value × 10^9, rounded up as apimachinery rounds to nano precision. */
  nanos: bigint;
  format: QuantityFormat;
  /** The number part as written, e.g. "1.5" in "1.5Gi". */
  number: string;
  /** The suffix as written, e.g. "Gi", "m", "e3", "". */
  suffix: string;
  /** True when the exponent was above MAX_EXPONENT: `nanos` is then a lower bound of the value. */
  clamped?: boolean;
}

export type QuantityResult = ({ ok: true } & Quantity) | { ok: false; error: string };

/** apimachinery's error texts (resource/quantity.go). */
export const QUANTITY_ERRORS = {
  format: "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
  numeric: 'unable to parse numeric part of quantity',
  suffix: "unable to parse quantity's suffix",
} as const;

const DECIMAL_SUFFIXES: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIXES: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
/** Exponents beyond this are clamped: the value is absurd either way, and BigInt powers stay cheap. */
const MAX_EXPONENT = 400;
const INT32_MAX = 2147483647;
/** Whole parts longer than this are shown in exponent form (`1e309`): a 400-digit number helps nobody. */
const MAX_SHOWN_DIGITS = 21;

const NANO = 1_000_000_000n;

/** Parses a quantity; YAML numbers (JS numbers) are read from their decimal text. */
export function parseQuantity(input: string | number): QuantityResult {
  const text = typeof input === 'number' ? numberText(input) : input;
  if (text === undefined) return { ok: false, error: QUANTITY_ERRORS.numeric };
  if (text.length === 0) return { ok: false, error: QUANTITY_ERRORS.format };
  const m = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(.*)$/.exec(text);
  if (!m) return { ok: false, error: QUANTITY_ERRORS.format };
  const [, sign, intDigits, fracDigits = '', suffix] = m;
  const hasDot = text.slice(sign.length + intDigits.length).startsWith('.');
  // The suffix must look like `[eEinumkKMGTP]*[-+]?[0-9]*`.
  if (!/^[eEinumkKMGTP]*[-+]?[0-9]*$/.test(suffix)) return { ok: false, error: QUANTITY_ERRORS.format };
  if (intDigits.length === 0 && fracDigits.length === 0) {
    return { ok: false, error: hasDot ? QUANTITY_ERRORS.numeric : QUANTITY_ERRORS.format };
  }
  const unit = interpretSuffix(suffix);
  if (!unit) return { ok: false, error: QUANTITY_ERRORS.suffix };
  const clamped = unit.exponent > MAX_EXPONENT;
  if (clamped) unit.exponent = MAX_EXPONENT;
  const mantissa = BigInt((intDigits || '0') + fracDigits);
  let nanos: bigint;
  if (unit.base === 2) {
    nanos = ceilDiv(mantissa * (1n << BigInt(unit.exponent)) * NANO, 10n ** BigInt(fracDigits.length));
  } else {
    const power = unit.exponent + 9 - fracDigits.length;
    nanos = power >= 0 ? mantissa * 10n ** BigInt(power) : ceilDiv(mantissa, 10n ** BigInt(-power));
  }
  if (sign === '-') nanos = -nanos;
  const number = text.slice(0, text.length - suffix.length);
  return clamped ? { ok: true, nanos, format: unit.format, number, suffix, clamped } : { ok: true, nanos, format: unit.format, number, suffix };
}

function interpretSuffix(suffix: string): { base: 2 | 10; exponent: number; format: QuantityFormat } | undefined {
  if (suffix in DECIMAL_SUFFIXES) return { base: 10, exponent: DECIMAL_SUFFIXES[suffix], format: 'DecimalSI' };
  if (suffix in BINARY_SUFFIXES) return { base: 2, exponent: BINARY_SUFFIXES[suffix], format: 'BinarySI' };
  const exp = /^[eE]([+-]?[0-9]+)$/.exec(suffix);
  if (exp) {
    // apimachinery reads the exponent with strconv.ParseInt(…, 10, 32): beyond int32 it is a suffix error.
    const n = Number(exp[1]);
    if (n > INT32_MAX || n < -INT32_MAX - 1) return undefined;
    // Below -MAX_EXPONENT the value rounds up to 1n either way; above, `clamped` marks it.
    return { base: 10, exponent: Math.max(-MAX_EXPONENT, Math.min(MAX_EXPONENT + 1, n)), format: 'DecimalExponent' };
  }
  return undefined;
}

/** Decimal text of a YAML number without exponent surprises (1e21 → "1e21"). */
function numberText(n: number): string | undefined {
  if (!Number.isFinite(n)) return undefined;
  return String(n).replace('e+', 'e');
}

function ceilDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b === 0n ? q : q + 1n;
}

/** Negative when a < b, 0 when equal, positive when a > b. */
export function compareQuantities(a: Quantity, b: Quantity): number {
  return a.nanos < b.nanos ? -1 : a.nanos > b.nanos ? 1 : 0;
}

/** Whether two quantity texts mean the same value (`1024Mi` = `1Gi`, `1.5` = `1500m`). */
export function sameQuantity(a: string | number, b: string | number): boolean {
  const x = parseQuantity(a);
  const y = parseQuantity(b);
  return x.ok && y.ok && x.nanos === y.nanos;
}

/**
 * The canonical text apimachinery serializes: the largest suffix that loses no precision.
 * Binary quantities that are not whole multiples of 1024 fall back to decimal, as upstream does.
 */
export function canonicalQuantity(q: Pick<Quantity, 'nanos' | 'format'>): string {
  const negative = q.nanos < 0n;
  const abs = negative ? -q.nanos : q.nanos;
  const sign = negative ? '-' : '';
  if (abs === 0n) return '0';
  if (q.format === 'BinarySI' && abs % NANO === 0n) {
    const value = abs / NANO;
    if (value >= 1024n) {
      for (const [suffix, bits] of Object.entries(BINARY_SUFFIXES).reverse()) {
        const unit = 1n << BigInt(bits);
        if (value % unit === 0n) return `${sign}${value / unit}${suffix}`;
      }
    }
  }
  // Largest multiple of 3 as exponent with an integer mantissa, from nano upwards.
  let exponent = -9;
  let mantissa = abs;
  while (mantissa % 1000n === 0n && exponent < 18) {
    mantissa /= 1000n;
    exponent += 3;
  }
  if (q.format === 'DecimalExponent') return `${sign}${mantissa}${exponent === 0 ? '' : `e${exponent}`}`;
  const suffix = Object.entries(DECIMAL_SUFFIXES).find(([, e]) => e === exponent)?.[0] ?? '';
  return `${sign}${mantissa}${suffix}`;
}

/** Milli-units, rounded up as Quantity.MilliValue() does (cpu 0.5 → 500). */
export function milliValue(q: Pick<Quantity, 'nanos'>): bigint {
  return q.nanos >= 0n ? ceilDiv(q.nanos, 1_000_000n) : -ceilDiv(-q.nanos, 1_000_000n);
}

/** Whole units, rounded up as Quantity.Value() does (memory in bytes). */
export function wholeValue(q: Pick<Quantity, 'nanos'>): bigint {
  return q.nanos >= 0n ? ceilDiv(q.nanos, NANO) : -ceilDiv(-q.nanos, NANO);
}

/** A plain decimal text of the value, e.g. 512000000n nanos → "0.512"; absurdly large values in exponent form ("1e309"). */
export function decimalText(q: Pick<Quantity, 'nanos' | 'clamped'>): string {
  const negative = q.nanos < 0n;
  const abs = negative ? -q.nanos : q.nanos;
  const whole = abs / NANO;
  const digits = whole.toString();
  if (q.clamped) return `${negative ? 'less than -' : 'more than '}1e${MAX_EXPONENT}`;
  if (digits.length > MAX_SHOWN_DIGITS) {
    const mantissa = digits.slice(1, 7).replace(/0+$/, '');
    return `${negative ? '-' : ''}${digits[0]}${mantissa ? '.' + mantissa : ''}e${digits.length - 1}`;
  }
  const frac = (abs % NANO).toString().padStart(9, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${groupDigits(whole.toString())}${frac ? '.' + frac : ''}`;
}

function groupDigits(s: string): string {
  return s.length <= 4 ? s : s.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** CPU as `kubectl top` prints it: millicores, rounded up (`250m`). Input may be nanocores text (`12345678n`). */
export function formatMilliCpu(q: Pick<Quantity, 'nanos'>): string {
  return `${milliValue(q)}m`;
}

/** Memory as `kubectl top` prints it: whole mebibytes, rounded down (`Ki` values → `Mi`). */
export function formatMebibytes(q: Pick<Quantity, 'nanos'>): string {
  return `${wholeValue(q) / (1n << 20n)}Mi`;
}
