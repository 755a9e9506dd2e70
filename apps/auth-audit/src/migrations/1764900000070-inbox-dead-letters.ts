import { dropInboxDeadLettersSql, inboxDeadLettersSql } from '@slotline/messaging';
import { MigrationInterface, QueryRunner } from 'typeorm';

export class AuthAuditInboxDeadLetters1764900000070 implements MigrationInterface {
  name = 'AuthAuditInboxDeadLetters1764900000070';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of inboxDeadLettersSql('auth')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of dropInboxDeadLettersSql('auth')) await q.query(sql);
  }
}
