import type { Executor } from './database';

export async function getSetting(ex: Executor, key: string): Promise<string | undefined> {
  const row = await ex.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value;
}

/** Stores `value` unless the key already has one; returns the value that is kept. */
export async function getOrCreateSetting(ex: Executor, key: string, value: string): Promise<string> {
  await ex.insertInto('settings').values({ key, value }).onConflict((oc) => oc.column('key').doNothing()).execute();
  return (await getSetting(ex, key)) ?? value;
}
