/**
 * Connections from the standard Temporal environment configuration:
 * TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS_* and
 * the TOML profile (TEMPORAL_CONFIG_FILE, TEMPORAL_PROFILE), as every Temporal
 * tool reads them. The same worker and CLI run against the embedded dev
 * server, a self-hosted cluster or Temporal Cloud.
 */
import { Client, Connection } from '@temporalio/client';
import type { NativeConnection } from '@temporalio/worker';
import { loadClientConnectConfig } from '@temporalio/envconfig';
import { temporal } from '@temporalio/proto';
import { SEARCH_ATTRIBUTES } from '../workflows/messages';
import { msg } from '../domain/i18n';
import { language, say } from './language';
import { workflowDidNotAnswer } from './temporal-errors';

export interface Target {
  address: string;
  namespace: string;
  options: ReturnType<typeof loadClientConnectConfig>['connectionOptions'];
}

export function target(): Target {
  const cfg = loadClientConnectConfig();
  const options = { ...cfg.connectionOptions };
  const address = options.address ?? 'localhost:7233';
  return { address, namespace: cfg.namespace ?? 'default', options: { ...options, address } };
}

export async function connectClient(t: Target = target()): Promise<Client> {
  const connection = await Connection.connect({ ...(t.options as object), address: t.address });
  return new Client({ connection, namespace: t.namespace });
}

export async function connectWorker(t: Target = target()): Promise<NativeConnection> {
  // Loaded here, not at the top: the CLI's commands that only read need not load the worker's native core.
  const { NativeConnection } = await import('@temporalio/worker');
  return NativeConnection.connect({ ...(t.options as object), address: t.address });
}

/**
 * The SDK's own words, kept for the operator (under zh only the ones it is known to say, in Chinese:
 * a message of the server's is passed on as the server wrote it).
 */
const SDK_ZH: [RegExp, string][] = [
  [/^Failed to connect before the deadline$/, '在限定时间内未能连接'],
  [/^Failed to connect to Temporal server$/, '未能连接 Temporal 服务'],
];
function detail(message: string): string {
  const clipped = message.slice(0, 300);
  if (language() === 'en') return clipped;
  return clipped.split(': ').map((part) => SDK_ZH.reduce((p, [from, to]) => p.replace(from, to), part)).join('：');
}

/**
 * A connection problem as a person reads it: which address, and what to check
 * (the credentials, or the server and the TLS settings); or, when the server
 * answered but no worker took the query in time, that the worker did not
 * answer (busy or not running). Undefined when the error is something else.
 */
export function connectionProblem(err: unknown): string | undefined {
  // The server answered; the worker did not (the web's 系统繁忙 page, web/guards.ts): not a connection problem.
  if (workflowDidNotAnswer(err)) return msg(language(), 'workerDidNotAnswer');
  // The SDK wraps the server's answer ("Failed to connect to Temporal server", cause "16 UNAUTHENTICATED: …").
  const chain: string[] = [];
  for (let e = err as { message?: unknown; cause?: unknown } | undefined, n = 0; e && n < 5; e = e.cause as typeof e, n++) {
    const m = String(e.message ?? e).split('\n')[0];
    if (m && !chain.includes(m)) chain.push(m);
  }
  const message = chain.join(': ');
  let t: Target | undefined;
  try { t = target(); } catch { t = undefined; }
  const address = t?.address ?? process.env.TEMPORAL_ADDRESS ?? 'localhost:7233';
  const tls = Boolean(t?.options.tls) || Boolean(t?.options.apiKey);
  if (/UNAUTHENTICATED|PERMISSION_DENIED/i.test(message)) {
    const check = t?.options.apiKey
      ? say('API 密钥（TEMPORAL_API_KEY，或配置文件中的 api_key）', 'the API key (TEMPORAL_API_KEY, or api_key in the profile)')
      : say('API 密钥（TEMPORAL_API_KEY）或客户端证书（TEMPORAL_TLS_CLIENT_CERT_PATH、TEMPORAL_TLS_CLIENT_KEY_PATH）',
        'the API key (TEMPORAL_API_KEY) or the client certificate (TEMPORAL_TLS_CLIENT_CERT_PATH, TEMPORAL_TLS_CLIENT_KEY_PATH)');
    return say(`Temporal 服务 ${address} 拒绝了凭据：请检查${check}（docs/runbook.md，连接设置）`,
      `Temporal at ${address} refused the credentials: check ${check} (docs/runbook.md, Connection settings)`) + `\n${detail(message)}`;
  }
  if (/ECONNREFUSED|UNAVAILABLE|connect|transport|deadline|handshake|certificate|tls|ssl/i.test(message)) {
    const tlsHint = tls
      ? say('使用 TLS 时，请检查服务器 CA（TEMPORAL_TLS_SERVER_CA_CERT_PATH、TEMPORAL_TLS_SERVER_NAME），以及服务器要求时的客户端证书（TEMPORAL_TLS_CLIENT_CERT_PATH、TEMPORAL_TLS_CLIENT_KEY_PATH）。',
        ' Over TLS, check the server CA (TEMPORAL_TLS_SERVER_CA_CERT_PATH, TEMPORAL_TLS_SERVER_NAME) and, where the server asks for one, the client certificate (TEMPORAL_TLS_CLIENT_CERT_PATH, TEMPORAL_TLS_CLIENT_KEY_PATH).')
      : '';
    return say(`无法连接 Temporal 服务 ${address}${tls ? '（TLS）' : ''}：服务是否在运行？（npm start，或设置 TEMPORAL_ADDRESS）${tlsHint}`,
      `cannot reach Temporal at ${address}${tls ? ' over TLS' : ''}: is it running? (npm start, or set TEMPORAL_ADDRESS)${tlsHint}`) + `\n${detail(message)}`;
  }
  return undefined;
}

const INDEXED: Record<string, temporal.api.enums.v1.IndexedValueType> = {
  KEYWORD: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  DATETIME: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  INT: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_INT,
};

/** Registers rectify's search attributes; "already exists" counts as success. */
export async function registerSearchAttributes(connection: Connection, namespace: string): Promise<void> {
  const searchAttributes: Record<string, temporal.api.enums.v1.IndexedValueType> = {};
  for (const key of SEARCH_ATTRIBUTES) searchAttributes[key.name] = INDEXED[key.type];
  const add = async (attributes: typeof searchAttributes): Promise<boolean> => {
    try {
      await connection.operatorService.addSearchAttributes({ namespace, searchAttributes: attributes });
      return true;
    } catch (err) {
      if (!/already exist/i.test(String((err as Error).message))) throw err;
      return false;
    }
  };
  // Some already there (a namespace of an older rectify): each one alone, so that one added since is added too.
  if (await add(searchAttributes)) return;
  for (const [name, type] of Object.entries(searchAttributes)) await add({ [name]: type });
}
