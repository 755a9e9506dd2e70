import { Jwks, ROLES, RegisterResult, TokenPair, UserProfile } from '@slotline/contracts';
import { arrayOf, defineObjectSchema } from '../named-schema';

export const RegisterResultSchema = defineObjectSchema<RegisterResult>('RegisterResult', {
  status: { type: 'string', enum: ['accepted'] },
  message: {
    type: 'string',
    description: 'The same whether or not the email was already registered (no enumeration).',
  },
});

export const TokenPairSchema = defineObjectSchema<TokenPair>('TokenPair', {
  access_token: { type: 'string', description: 'Send as `Authorization: Bearer <access_token>`.' },
  refresh_token: {
    type: 'string',
    description: 'Single use: exchange it at POST /v1/auth/refresh for a new pair.',
  },
  expires_in: {
    type: 'integer',
    minimum: 1,
    description: 'Seconds until the access token expires.',
    example: 600,
  },
  token_type: { type: 'string', enum: ['Bearer'] },
  aal: {
    type: 'string',
    enum: ['aal1', 'aal2'],
    description: 'Assurance level of the session: aal2 after a second factor.',
  },
});

export const UserProfileSchema = defineObjectSchema<UserProfile>('UserProfile', {
  id: { type: 'string', format: 'uuid' },
  email: { type: 'string', format: 'email' },
  role: { type: 'string', enum: [...ROLES] },
  created_at: { type: 'string', format: 'date-time' },
});

export const JwksSchema = defineObjectSchema<Jwks>('Jwks', {
  keys: arrayOf(
    { type: 'object', additionalProperties: true, description: 'A public JSON Web Key (RFC 7517).' },
    { description: 'Current and recently rotated signing keys.' },
  ),
});
