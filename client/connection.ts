/**
 * Connections from the standard Temporal environment configuration:
 * TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS_* and
 * the TOML profile (TEMPORAL_CONFIG_FILE, TEMPORAL_PROFILE), as every Temporal
 * tool reads them. The same worker and CLI run against the embedded dev
 * server, a self-hosted cluster or Temporal Cloud.
 */
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { loadClientConnectConfig } from '@temporalio/envconfig';
import { temporal } from '@temporalio/proto';
import { SEARCH_ATTRIBUTES } from '../workflows/messages';

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
  return NativeConnection.connect({ ...(t.options as object), address: t.address });
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
  try {
    await connection.operatorService.addSearchAttributes({ namespace, searchAttributes });
  } catch (err) {
    if (!/already exist/i.test(String((err as Error).message))) throw err;
  }
}
