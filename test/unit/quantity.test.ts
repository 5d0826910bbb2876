import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalQuantity, compareQuantities, decimalText, formatMebibytes, formatMilliCpu, milliValue, parseQuantity, QUANTITY_ERRORS, sameQuantity, wholeValue } from '../../src/core/k8s/quantity';

const nanosOf = (s: string | number) => {
  const q = parseQuantity(s);
  assert.ok(q.ok, `${s} should parse`);
  return q.nanos;
};

test('valid quantities parse to exact nano-units', () => {
  const table: Array<[string | number, bigint]> = [
    ['1', 1_000_000_000n],
    ['1500m', 1_500_000_000n],
    ['1.5', 1_500_000_000n],
    ['.5', 500_000_000n],
    ['5.', 5_000_000_000n],
    ['+2', 2_000_000_000n],
    ['-2', -2_000_000_000n],
    ['100n', 100n],
    ['7u', 7_000n],
    ['1k', 1_000_000_000_000n],
    ['1M', 10n ** 15n],
    ['1E', 10n ** 27n],
    ['1Ki', 1024n * 10n ** 9n],
    ['1.5Gi', 1_610_612_736n * 10n ** 9n],
    ['1Ei', (1n << 60n) * 10n ** 9n],
    ['1e3', 10n ** 12n],
    ['1E3', 10n ** 12n],
    ['1e-3', 1_000_000n],
    ['1E+3', 10n ** 12n],
    [0.25, 250_000_000n],
    [2, 2_000_000_000n],
    [1e21, 10n ** 30n],
  ];
  for (const [input, nanos] of table) assert.equal(nanosOf(input), nanos, String(input));
});

test('precision below a nano is rounded up, as apimachinery does', () => {
  assert.equal(nanosOf('0.1n'), 1n);
  assert.equal(nanosOf('1.0000000001'), 1_000_000_001n);
});

test('invalid quantities fail with apimachinery error texts', () => {
  const table: Array<[string, string]> = [
    ['', QUANTITY_ERRORS.format],
    ['1GB', QUANTITY_ERRORS.format],
    ['512Mb', QUANTITY_ERRORS.format],
    ['1 Gi', QUANTITY_ERRORS.format],
    ['Mi', QUANTITY_ERRORS.format],
    ['1.2.3', QUANTITY_ERRORS.format],
    ['1K', QUANTITY_ERRORS.suffix],
    ['1mi', QUANTITY_ERRORS.suffix],
    ['1KB', QUANTITY_ERRORS.format],
    ['1e', QUANTITY_ERRORS.suffix],
    ['1Mi5', QUANTITY_ERRORS.suffix],
    ['.', QUANTITY_ERRORS.numeric],
  ];
  for (const [input, error] of table) {
    const q = parseQuantity(input);
    assert.equal(q.ok, false, `${input} should be rejected`);
    if (!q.ok) assert.equal(q.error, error, input);
  }
  assert.equal(parseQuantity(Number.NaN).ok, false);
});

test('comparison is semantic, not textual', () => {
  assert.ok(sameQuantity('1.5', '1500m'));
  assert.ok(sameQuantity('1024Mi', '1Gi'));
  assert.ok(sameQuantity('1e3', '1k'));
  assert.ok(!sameQuantity('1G', '1Gi'));
  const q = (s: string) => {
    const r = parseQuantity(s);
    if (!r.ok) throw new Error(s);
    return r;
  };
  assert.ok(compareQuantities(q('999Mi'), q('1Gi')) < 0);
  assert.ok(compareQuantities(q('2'), q('1999m')) > 0);
  assert.equal(compareQuantities(q('0.5'), q('500m')), 0);
});

test('canonical form picks the largest suffix that loses nothing', () => {
  const canon = (s: string) => {
    const r = parseQuantity(s);
    if (!r.ok) throw new Error(s);
    return canonicalQuantity(r);
  };
  assert.equal(canon('1.5'), '1500m');
  assert.equal(canon('1000m'), '1');
  assert.equal(canon('1024Mi'), '1Gi');
  assert.equal(canon('1.5Gi'), '1536Mi');
  assert.equal(canon('0.5Ki'), '512');
  assert.equal(canon('1e3'), '1e3');
  assert.equal(canon('2000k'), '2M');
  assert.equal(canon('0'), '0');
  assert.equal(canon('-1500m'), '-1500m');
});

test('milli/whole values and kubectl top formatting', () => {
  const q = (s: string) => {
    const r = parseQuantity(s);
    if (!r.ok) throw new Error(s);
    return r;
  };
  assert.equal(milliValue(q('0.5')), 500n);
  assert.equal(milliValue(q('1n')), 1n, 'MilliValue rounds up');
  assert.equal(wholeValue(q('512m')), 1n, 'Value rounds up');
  assert.equal(formatMilliCpu(q('12345678n')), '13m');
  assert.equal(formatMilliCpu(q('250m')), '250m');
  assert.equal(formatMebibytes(q('131072Ki')), '128Mi');
  assert.equal(formatMebibytes(q('1048575')), '0Mi');
  assert.equal(decimalText(q('512m')), '0.512');
  assert.equal(decimalText(q('1.5Gi')), '1,610,612,736');
});

test('decimalText keeps absurd values short: no 400-digit numbers', () => {
  for (const s of ['1e309', '1e2000', '123456789e390', '99999999999999999999999999999999999999E', '5E']) {
    const q = parseQuantity(s);
    assert.ok(q.ok, s);
    const text = decimalText(q);
    assert.ok(text.replace(/[^0-9]/g, '').length <= 30, `${s} → ${text}`);
  }
  const q = parseQuantity('1e309');
  assert.ok(q.ok);
  assert.equal(decimalText(q), '1e309');
  const clamped = parseQuantity('1e2000');
  assert.ok(clamped.ok);
  assert.equal(decimalText(clamped), 'more than 1e400');
  // apimachinery reads the exponent as an int32 (strconv.ParseInt(…, 10, 32)).
  assert.deepEqual(parseQuantity('1e9999999999'), { ok: false, error: QUANTITY_ERRORS.suffix });
  const exact = parseQuantity('12345678901234');
  assert.ok(exact.ok);
  assert.equal(decimalText(exact), '12,345,678,901,234');
});
