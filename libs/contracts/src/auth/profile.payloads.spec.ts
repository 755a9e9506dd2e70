import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { isBcp47Locale, isIanaTimeZone, UpdateProfileRequest } from './profile.payloads';

describe(UpdateProfileRequest.name, () => {
  const problems = async (body: object) =>
    (await validate(plainToInstance(UpdateProfileRequest, body))).map((e) => e.property).sort();

  it('accepts E.164, an IANA zone and a BCP 47 tag, and null to remove the phone', async () => {
    expect(await problems({ phone: '+447700900123', time_zone: 'Europe/London', locale: 'de-AT' })).toEqual(
      [],
    );
    expect(await problems({ phone: null })).toEqual([]);
    expect(await problems({})).toEqual([]);
  });

  it('refuses a national number, an unknown zone and a malformed tag', async () => {
    expect(await problems({ phone: '07700 900123', time_zone: 'Mars/Olympus', locale: 'en_US!' })).toEqual([
      'locale',
      'phone',
      'time_zone',
    ]);
    expect(await problems({ phone: '+0123456' })).toEqual(['phone']);
  });
});

describe('profile validators', () => {
  it('know zones and tags', () => {
    expect(isIanaTimeZone('America/New_York')).toBe(true);
    expect(isIanaTimeZone('EST5EDTX')).toBe(false);
    expect(isBcp47Locale('pt-BR')).toBe(true);
    expect(isBcp47Locale('x')).toBe(false);
  });
});
