import type { Preferences, PreferencesRepository } from '../preferences/preferences.repository';

/** `PreferencesRepository` over memory: one row per user, replaced whole on save. */
export class InMemoryPreferencesRepository implements Pick<PreferencesRepository, 'findMany' | 'save'> {
  readonly byUser = new Map<string, Preferences>();

  async findMany(userIds: string[]): Promise<Map<string, Preferences>> {
    return new Map(userIds.flatMap((id) => (this.byUser.has(id) ? [[id, this.byUser.get(id)!]] : [])));
  }

  async save(userId: string, p: Preferences): Promise<void> {
    this.byUser.set(userId, p);
  }
}
