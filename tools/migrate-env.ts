import { IsString, Matches } from 'class-validator';
import { CommonEnv } from '@hookline/config';

/** What `migrate` reads: the common settings, and which runtime role each service's schema is granted to. */
export class MigrateEnv extends CommonEnv {
  /**
   * `schema=role` pairs, comma-separated (e.g. `producer=producer_app,subscription=subscription_app,delivery=delivery_app,health=health_app`): after migrating, each role gets read/write on its schema's rows and nothing else. Empty: no grants (every service uses the migration role's URL).
   */
  @IsString()
  @Matches(/^([a-z]+=[a-z_][a-z0-9_]*)?(,[a-z]+=[a-z_][a-z0-9_]*)*$/, {
    message: 'must be schema=role pairs, comma-separated',
  })
  DATABASE_RUNTIME_ROLES = '';
}
