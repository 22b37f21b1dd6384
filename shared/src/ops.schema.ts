import { z } from 'zod';

/** A SQLite backup kept in BACKUP_DIR. */
export const backupSchema = z
  .object({
    file: z.string().describe('the backup’s file name in BACKUP_DIR'),
    bytes: z.number().int().nonnegative(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Backup' });
export type Backup = z.infer<typeof backupSchema>;

/** What the browser apps need to know about this deployment. */
export const siteConfigSchema = z
  .object({
    publicUrl: z.string().nullable().describe('the address citizens’ phones reach (PUBLIC_URL), for QR codes and links; null: use the page’s own origin'),
  })
  .meta({ id: 'SiteConfig' });
export type SiteConfig = z.infer<typeof siteConfigSchema>;
