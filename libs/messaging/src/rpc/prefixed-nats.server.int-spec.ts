import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { INestMicroservice } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { JSONCodec, NatsConnection } from 'nats';
import { randomBytes } from 'node:crypto';
import { Metrics } from '@slotline/observability';
import { connectTestNats, TEST_NATS_URL } from '@slotline/testing';
import { PrefixedNatsServer } from './prefixed-nats.server';
import { RpcServerInterceptor } from './rpc-server.interceptor';

const codec = JSONCodec<Record<string, unknown>>();

@Controller()
class SlowController {
  @MessagePattern('slow')
  async slow(): Promise<{ done: true }> {
    await new Promise((r) => setTimeout(r, 600));
    return { done: true };
  }
}

@Module({ controllers: [SlowController] })
class SlowModule {}

describe(PrefixedNatsServer.name, () => {
  let nc: NatsConnection;
  let sut: INestMicroservice;
  const prefix = `t${randomBytes(5).toString('hex')}.`;

  beforeAll(async () => {
    nc = await connectTestNats();
    sut = await NestFactory.createMicroservice(SlowModule, {
      strategy: new PrefixedNatsServer({ servers: TEST_NATS_URL, queue: 'slow', subjectPrefix: prefix }),
      logger: false,
    });
    // As in every service: the interceptor turns the handler into an observable Nest replies from later.
    sut.useGlobalInterceptors(
      new RpcServerInterceptor(new Metrics({ service: 'test', collectDefault: false })),
    );
    await sut.listen();
  });

  afterAll(() => nc?.close());

  it('on close, still answers a request whose handler is running (SIGTERM drops nothing)', async () => {
    const reply = nc.request(`${prefix}slow`, codec.encode({ pattern: 'slow', data: {}, id: 'r1' }), {
      timeout: 10_000,
    });
    await new Promise((r) => setTimeout(r, 150)); // the handler has started

    await sut.close();

    expect(codec.decode((await reply).data)).toMatchObject({ response: { done: true } });
  });
});
