/* Test-only: a service behind NATS, started as the apps start theirs, for gateway edge tests. */
import { INestMicroservice, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { PrefixedNatsServer, RpcClient, RpcErrorFilter } from '@slotline/messaging';
import { connect, NatsConnection } from 'nats';
import { uniqueTag } from '../../../../test/support/test-env';

const NATS_URL = 'nats://127.0.0.1:4222';

export interface ProbeService {
  /** The client the gateway side calls the service with. */
  rpc: RpcClient;
  close(): Promise<void>;
}

/** Serves `serviceModule`'s handlers on a subject prefix of their own, with the services' error filter. */
export async function startProbeService(serviceModule: Type<unknown>): Promise<ProbeService> {
  const prefix = `${uniqueTag()}.`;
  const nc: NatsConnection = await connect({ servers: NATS_URL });
  let service: INestMicroservice | undefined;
  try {
    service = await NestFactory.createMicroservice(serviceModule, {
      strategy: new PrefixedNatsServer({ servers: NATS_URL, queue: 'probe', subjectPrefix: prefix }),
      logger: false,
    });
    service.useGlobalFilters(new RpcErrorFilter());
    await service.listen();
  } catch (err) {
    await service?.close();
    await nc.close();
    throw err;
  }
  const started = service;
  return {
    rpc: new RpcClient({ nc, subjectPrefix: prefix, timeoutMs: 5_000 }),
    async close() {
      await started.close();
      await nc.close();
    },
  };
}
