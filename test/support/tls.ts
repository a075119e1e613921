/**
 * Real TLS in front of the dev server (which speaks only plain HTTP/2): a
 * private CA, server and client certificates made with the openssl CLI, and
 * two proxies as a cluster or Temporal Cloud would terminate TLS:
 * - mTLS: TLS with ALPN h2 that requires a client certificate signed by the CA,
 *   then the bytes go through to the dev server unchanged;
 * - API key: an HTTP/2 TLS server that refuses every gRPC call without
 *   `authorization: Bearer <key>` (UNAUTHENTICATED) and forwards the others
 *   stream by stream, trailers included.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import net from 'node:net';
import tls from 'node:tls';
import http2 from 'node:http2';

export interface Certificates {
  dir: string;
  ca: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
}

/** A CA, a server certificate for localhost/127.0.0.1 and a client certificate, as PEM files in `dir`. */
export function makeCertificates(dir: string): Certificates {
  const f = (name: string): string => path.join(dir, name);
  const openssl = (...args: string[]): void => { execFileSync('openssl', args, { stdio: 'pipe' }); };
  const key = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl('req', '-x509', ...key, '-keyout', f('ca.key'), '-out', f('ca.pem'), '-days', '2', '-subj', '/CN=rectify test CA');
  const sign = (name: string, cn: string, ext: string): void => {
    openssl('req', ...key, '-keyout', f(`${name}.key`), '-out', f(`${name}.csr`), '-subj', `/CN=${cn}`);
    writeFileSync(f(`${name}.ext`), ext);
    openssl('x509', '-req', '-in', f(`${name}.csr`), '-CA', f('ca.pem'), '-CAkey', f('ca.key'), '-CAcreateserial',
      '-out', f(`${name}.pem`), '-days', '2', '-extfile', f(`${name}.ext`));
  };
  sign('server', 'localhost', 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  sign('client', 'rectify-worker', 'extendedKeyUsage=clientAuth\n');
  return { dir, ca: f('ca.pem'), serverCert: f('server.pem'), serverKey: f('server.key'), clientCert: f('client.pem'), clientKey: f('client.key') };
}

export interface Proxy {
  address: string;
  /** Connections or calls refused (no or bad client certificate; no or wrong API key). */
  readonly refused: number;
  close(): Promise<void>;
}

const listen = (server: net.Server): Promise<number> => new Promise((resolve, reject) => {
  server.once('error', reject);
  server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port));
});

/** TLS with a required, verified client certificate; then plain bytes to `target` (host:port). */
export async function mtlsProxy(certs: Certificates, target: string): Promise<Proxy> {
  const [host, port] = target.split(':');
  let refused = 0;
  const sockets = new Set<net.Socket>();
  const server = tls.createServer({
    key: readFileSync(certs.serverKey), cert: readFileSync(certs.serverCert), ca: readFileSync(certs.ca),
    requestCert: true, rejectUnauthorized: true, ALPNProtocols: ['h2'],
  }, (socket) => {
    const upstream = net.connect(Number(port), host);
    for (const s of [socket, upstream]) {
      sockets.add(s);
      s.on('error', () => { socket.destroy(); upstream.destroy(); });
      s.on('close', () => sockets.delete(s));
    }
    socket.pipe(upstream).pipe(socket);
  });
  server.on('tlsClientError', () => { refused += 1; });
  const p = await listen(server);
  return {
    address: `127.0.0.1:${p}`,
    get refused() { return refused; },
    close: () => new Promise<void>((resolve) => { for (const s of sockets) s.destroy(); server.close(() => resolve()); }),
  };
}

const { HTTP2_HEADER_STATUS } = http2.constants;

/** TLS (server certificate only) and HTTP/2: gRPC calls need `authorization: Bearer <apiKey>`; forwarded to `target`. */
export async function apiKeyProxy(certs: Certificates, target: string, apiKey: string): Promise<Proxy> {
  let refused = 0;
  let session: http2.ClientHttp2Session | undefined;
  /** One HTTP/2 connection to the dev server, made again if it went away. */
  const upstream = (): http2.ClientHttp2Session => {
    if (!session || session.closed || session.destroyed) {
      session = http2.connect(`http://${target}`);
      session.on('error', () => undefined);
    }
    return session;
  };
  const sessions = new Set<http2.ServerHttp2Session>();
  const server = http2.createSecureServer({ key: readFileSync(certs.serverKey), cert: readFileSync(certs.serverCert) });
  server.on('session', (s) => { sessions.add(s); s.on('close', () => sessions.delete(s)); });
  server.on('stream', (stream, headers) => {
    stream.on('error', () => undefined);
    if (headers.authorization !== `Bearer ${apiKey}`) {
      refused += 1;
      // A trailers-only gRPC answer, as Temporal Cloud gives it.
      stream.respond({
        [HTTP2_HEADER_STATUS]: 200, 'content-type': 'application/grpc', 'grpc-status': '16',
        'grpc-message': encodeURIComponent(headers.authorization ? 'invalid API key' : 'missing API key (authorization: Bearer …)'),
      }, { endStream: true });
      return;
    }
    const forwarded: http2.OutgoingHttpHeaders = {};
    for (const [k, v] of Object.entries(headers)) if (k !== ':scheme' && v !== undefined) forwarded[k] = v;
    const req = upstream().request(forwarded);
    let trailers: http2.OutgoingHttpHeaders = {};
    req.on('error', () => stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR));
    req.on('response', (h, flags) => {
      // END_STREAM on the headers: a trailers-only answer (an error status), passed on as such.
      if (flags & 0x1) stream.respond(h, { endStream: true });
      else stream.respond(h, { waitForTrailers: true });
    });
    req.on('trailers', (t) => { trailers = t; });
    stream.on('wantTrailers', () => stream.sendTrailers(trailers));
    req.on('data', (d: Buffer) => stream.write(d));
    req.on('end', () => { if (!stream.closed && stream.headersSent) stream.end(); });
    stream.on('data', (d: Buffer) => req.write(d));
    stream.on('end', () => req.end());
    stream.on('close', () => { if (!req.closed) req.close(); });
  });
  const p = await listen(server as unknown as net.Server);
  return {
    address: `127.0.0.1:${p}`,
    get refused() { return refused; },
    close: () => new Promise<void>((resolve) => {
      for (const s of sessions) s.destroy();
      session?.close();
      server.close(() => resolve());
    }),
  };
}
