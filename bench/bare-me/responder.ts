/**
 * The bare stack's responder for `npm run bench:me`: one NATS subscription that reads the same users
 * row the auth service reads for GET /v1/me, with `pg`, and answers the same profile fields.
 */
import { JSONCodec, connect } from 'nats';
import { Pool } from 'pg';

const SUBJECT = String(process.env.BARE_SUBJECT);

async function main(): Promise<void> {
  const pool = new Pool({ connectionString: process.env.BARE_DATABASE_URL, max: 10 });
  const nc = await connect({ servers: 'nats://127.0.0.1:4222' });
  const codec = JSONCodec<{ user_id: string }>();
  nc.subscribe(SUBJECT, {
    callback: (_err, msg) => {
      pool
        .query('SELECT id, email, role, created_at, phone, time_zone, locale FROM auth.users WHERE id = $1', [
          codec.decode(msg.data).user_id,
        ])
        .then(({ rows: [u] }) =>
          msg.respond(
            JSONCodec().encode(
              u && {
                id: u.id,
                email: u.email,
                role: u.role,
                created_at: u.created_at.toISOString(),
                phone: u.phone ?? null,
                time_zone: u.time_zone,
                locale: u.locale,
              },
            ),
          ),
        )
        .catch(() => msg.respond(JSONCodec().encode(null)));
    },
  });
  await nc.flush();
  process.send?.('ready');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
