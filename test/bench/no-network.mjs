/**
 * Preloaded (`node --import`) into every cold-start probe: any attempt to open a TCP/TLS connection
 * or resolve a host name while a bundle initialises is counted and refused, so that "nothing
 * reaches the network at init" is checked, not assumed. The probe reads the attempts from
 * `globalThis[Symbol.for('jucip.bench.networkAttempts')]`.
 */
import dns from 'node:dns';
import net from 'node:net';

const attempts = [];
globalThis[Symbol.for('jucip.bench.networkAttempts')] = attempts;

function refuse(what, detail) {
  attempts.push({ what, detail: String(detail).slice(0, 200) });
  throw new Error(`Benchmark: ${what} refused while the bundle initialises (${detail})`);
}

const describe = (args) => {
  const first = args[0];
  if (Array.isArray(first)) return describe(first);
  if (first && typeof first === 'object') return `${first.host ?? first.path ?? '?'}:${first.port ?? ''}`;
  return `${args[1] ?? 'localhost'}:${first}`;
};

net.Socket.prototype.connect = function connect(...args) {
  refuse('connect', describe(args));
};
dns.lookup = (hostname) => refuse('dns.lookup', hostname);
dns.promises.lookup = async (hostname) => refuse('dns.promises.lookup', hostname);
dns.resolve = (hostname) => refuse('dns.resolve', hostname);
