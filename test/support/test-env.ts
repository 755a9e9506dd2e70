/** The e2e harness's names for the shared test kit's infrastructure helpers (kept so imports stay short). */
export {
  ADMIN_URL,
  SUPERUSER_TEST_URL,
  TEST_DATABASE,
  serviceDatabaseUrl,
  uniqueEmail,
  uniqueTag,
} from '@slotline/testing';
