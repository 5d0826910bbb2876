// V8's sampling profiler on another Node process's main thread (the extension host), and the split of its samples
// into phases and into whose work they were: our bundles' frames, the garbage collector, everything else. The
// process figures from /proc count every thread and move by more than 1 % of a core between phases on this machine;
// the main thread's samples say which part of a difference is ours. V8's sampling heap profiler, per phase, says
// what was allocated and by whom (the garbage that makes the GC work).
//
// Attaching: SIGUSR1 makes a Node process open its inspector (127.0.0.1:9229 unless it was started with another
// --inspect-port); the target is checked to be that process before anything is profiled.
import WebSocket from 'ws';

const wait = (ms) => new Promise((r) => setTimeout(r, ms));

/** The system's monotonic clock in µs: the clock of V8's profile timestamps, in any process on this machine. */
export const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

/** Connects to the inspector of process `pid` (opened with SIGUSR1); `send(method, params)` resolves to the result. */
export async function attachInspector(pid, { port = 9229, timeoutMs = 15_000 } = {}) {
  process.kill(pid, 'SIGUSR1');
  const until = Date.now() + timeoutMs;
  let target;
  while (!target) {
    try {
      const list = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
      target = list.find((t) => t.webSocketDebuggerUrl);
    } catch {
      /* not listening yet */
    }
    if (!target) {
      if (Date.now() > until) throw new Error(`process ${pid} opened no inspector on port ${port} within ${timeoutMs / 1000} s`);
      await wait(250);
    }
  }
  const socket = new WebSocket(target.webSocketDebuggerUrl, { maxPayload: 1 << 30 });
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  let nextId = 1;
  const pending = new Map();
  socket.on('message', (data) => {
    const msg = JSON.parse(String(data));
    const p = pending.get(msg.id);
    if (!p) return;
    pending.delete(msg.id);
    if (msg.error) p.reject(new Error(`${msg.error.message} (${p.method})`));
    else p.resolve(msg.result);
  });
  const send = (method, params = {}) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject, method });
      socket.send(JSON.stringify({ id, method, params }));
    });
  const { result } = await send('Runtime.evaluate', { expression: 'process.pid', returnByValue: true });
  if (result.value !== pid) {
    socket.close();
    throw new Error(`the inspector on port ${port} belongs to process ${result.value}, not ${pid}`);
  }
  return { send, close: () => socket.close() };
}

/** Profiles the main thread from start() to stop(); stop() resolves to V8's profile. */
export async function mainThreadProfiler(inspector, { intervalUs = 1000 } = {}) {
  await inspector.send('Profiler.enable');
  await inspector.send('Profiler.setSamplingInterval', { interval: intervalUs });
  return {
    start: () => inspector.send('Profiler.start'),
    stop: async () => (await inspector.send('Profiler.stop')).profile,
  };
}

/** The bench's own event-loop probe in the extension (src/extension/explorer/eventLoopProbe.ts): not the view's work. */
export const PROBE_FUNCTION = 'eventLoopProbeTick';

/**
 * Splits the samples of `profile` into `phases` ({ name, fromUs, toUs } on the monotonic clock): per phase the
 * share of wall time the main thread spent in our code (a frame whose URL contains `ourUrlPart` anywhere on the
 * stack), in the bench's probe (a `probeFunction` frame on the stack), in the garbage collector, and in the rest
 * (VS Code's JavaScript, native code, the profiler's "(program)"). Shares are percent of one core over the phase's
 * length; `busy` is all but idle, the probe included.
 */
export function splitProfile(profile, phases, ourUrlPart, probeFunction = PROBE_FUNCTION) {
  const { kind } = classifier(profile, ourUrlPart, probeFunction);
  const totals = phases.map(() => ({ ours: 0, probe: 0, gc: 0, rest: 0 }));
  eachSample(profile, (id, t, us) => {
    const k = kind(id);
    if (k === 'idle') return;
    const p = phases.findIndex((ph) => t > ph.fromUs && t <= ph.toUs);
    if (p >= 0) totals[p][k] += us;
  });
  return phases.map((ph, i) => {
    const lengthUs = ph.toUs - ph.fromUs;
    const pct = (us) => (lengthUs > 0 ? (us / lengthUs) * 100 : 0);
    const { ours, probe, gc, rest } = totals[i];
    return { name: ph.name, seconds: lengthUs / 1e6, ours: pct(ours), probe: pct(probe), gc: pct(gc), rest: pct(rest), busy: pct(ours + probe + gc + rest) };
  });
}

/**
 * Where our share of a phase went: the main thread's time per function of ours nearest the top of the stack (what
 * it was running, or what called the library or native code it was in), most first, as `[name file:line, ms]`.
 */
export function ourFunctions(profile, phase, ourUrlPart, n = 8, probeFunction = PROBE_FUNCTION) {
  const { kind, byId, parent } = classifier(profile, ourUrlPart, probeFunction);
  const ms = new Map();
  eachSample(profile, (id, t, us) => {
    if (t <= phase.fromUs || t > phase.toUs || kind(id) !== 'ours') return;
    let at = id;
    while (!byId.get(at).callFrame.url.includes(ourUrlPart)) at = parent.get(at);
    const { functionName, url, lineNumber } = byId.get(at).callFrame;
    const key = `${functionName || '(anonymous)'} ${url.slice(url.lastIndexOf('/') + 1)}:${lineNumber + 1}`;
    ms.set(key, (ms.get(key) ?? 0) + us / 1000);
  });
  return [...ms].sort((a, b) => b[1] - a[1]).slice(0, n);
}

/** Calls `fn(nodeId, timeUs, durationUs)` per sample; a sample stands for the time until the next one. */
function eachSample(profile, fn) {
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i];
    fn(profile.samples[i], t, profile.timeDeltas[i + 1] ?? 0);
  }
}

function classifier(profile, ourUrlPart, probeFunction) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const kindOf = new Map();
  const kind = (id) => {
    let k = kindOf.get(id);
    if (k) return k;
    const name = byId.get(id).callFrame.functionName;
    if (name === '(idle)') k = 'idle';
    else if (name === '(garbage collector)') k = 'gc';
    else {
      k = 'rest';
      for (let at = id; at !== undefined; at = parent.get(at)) {
        const { url, functionName } = byId.get(at).callFrame;
        if (functionName === probeFunction) {
          k = 'probe';
          break;
        }
        if (url.includes(ourUrlPart)) k = 'ours';
      }
    }
    kindOf.set(id, k);
    return k;
  };
  return { kind, byId, parent };
}

/** V8's sampling heap profiler, garbage included (Node ≥ 20), started and stopped around a phase: what the process's JS allocated. */
export async function allocationSampler(inspector, { intervalBytes = 32_768 } = {}) {
  await inspector.send('HeapProfiler.enable');
  return {
    start: () => inspector.send('HeapProfiler.startSampling', { samplingInterval: intervalBytes, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true }),
    stop: async () => (await inspector.send('HeapProfiler.stopSampling')).profile,
  };
}

/**
 * The bytes a sampled heap profile saw allocated: in all, by our code (a frame of ours anywhere in the stack), and the
 * largest allocators as `[name file:line, bytes]`, each our frame nearest the top of the stack, else the allocating
 * function itself.
 */
export function allocations(profile, ourUrlPart, n = 8) {
  let total = 0;
  let ours = 0;
  const bytes = new Map();
  const stack = [[profile.head, undefined]];
  while (stack.length) {
    const [node, ourFrame] = stack.pop();
    const { functionName, url, lineNumber } = node.callFrame;
    const label = `${functionName || '(anonymous)'} ${url.slice(url.lastIndexOf('/') + 1)}:${lineNumber + 1}`;
    const mine = url.includes(ourUrlPart) ? label : ourFrame;
    if (node.selfSize) {
      total += node.selfSize;
      if (mine) ours += node.selfSize;
      bytes.set(mine ?? label, (bytes.get(mine ?? label) ?? 0) + node.selfSize);
    }
    for (const child of node.children ?? []) stack.push([child, mine]);
  }
  return { total, ours, top: [...bytes].sort((a, b) => b[1] - a[1]).slice(0, n) };
}
