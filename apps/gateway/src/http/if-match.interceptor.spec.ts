import { Body, Controller, Get, INestApplication, Param, Patch } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { defineRpc } from '@slotline/contracts';
import { AppError } from '@slotline/errors';
import { RpcClient } from '@slotline/messaging';
import request from 'supertest';
import { IfMatch, IfMatchInterceptor } from './if-match.interceptor';

const store = new Map<string, { id: string; name: string; version: number }>([
  ['r1', { id: 'r1', name: 'Room 1', version: 1 }],
]);

const getRoom = defineRpc<{ id: string }, { id: string; name: string; version: number }>('rooms.get');

@Controller('rooms')
class RoomsController {
  @Get(':id')
  get(@Param('id') id: string) {
    return store.get(id);
  }

  @Patch(':id')
  @IfMatch({ query: getRoom, payload: (req) => ({ id: String(req.params.id) }) })
  update(@Param('id') id: string, @Body() body: { name: string }) {
    const room = store.get(id)!;
    const next = { ...room, name: body.name, version: room.version + 1 };
    store.set(id, next);
    return next;
  }
}

describe(IfMatchInterceptor.name, () => {
  let sut: INestApplication;

  beforeAll(async () => {
    // The RPC query answers what GET answers, as the real service would.
    const rpc = { request: async (_c: typeof getRoom, p: { id: string }) => store.get(p.id) };
    const moduleRef = await Test.createTestingModule({
      controllers: [RoomsController],
      providers: [{ provide: RpcClient, useValue: rpc }, IfMatchInterceptor],
    }).compile();
    sut = moduleRef.createNestApplication();
    sut.useGlobalFilters({
      catch: (err: AppError, host) =>
        host.switchToHttp().getResponse().status(err.status).json({ code: err.code }),
    });
    await sut.init();
  });

  afterAll(() => sut.close());

  it('answers 304 to a GET whose ETag the client already has', async () => {
    const first = await request(sut.getHttpServer()).get('/rooms/r1').expect(200);
    expect(first.headers.etag).toMatch(/^W\//);
    await request(sut.getHttpServer()).get('/rooms/r1').set('If-None-Match', first.headers.etag).expect(304);
  });

  it('applies an update whose If-Match is current, and refuses a stale one with 412', async () => {
    const { headers } = await request(sut.getHttpServer()).get('/rooms/r1');
    await request(sut.getHttpServer())
      .patch('/rooms/r1')
      .set('If-Match', headers.etag)
      .send({ name: 'Room A' })
      .expect(200);
    const stale = await request(sut.getHttpServer())
      .patch('/rooms/r1')
      .set('If-Match', headers.etag)
      .send({ name: 'Room B' });
    expect(stale.status).toBe(412);
    expect(stale.body.code).toBe('CF_PRECONDITION_FAILED');
    expect(store.get('r1')!.name).toBe('Room A');
  });

  it('runs an update without If-Match as usual', async () => {
    await request(sut.getHttpServer()).patch('/rooms/r1').send({ name: 'Room C' }).expect(200);
  });
});
