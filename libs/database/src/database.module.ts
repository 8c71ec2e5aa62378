import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { DatabaseConnectionConfig } from '@hookline/config';
import { openServiceDataSource, serviceDataSourceOptions, type ServiceDatabase } from './service-database';

export interface DatabaseModuleOptions {
  connection: DatabaseConnectionConfig;
  applicationName: string;
  /** Apply pending migrations at start (the default); deployments that migrate in a job turn it off. */
  migrateOnStart: boolean;
}

/** The service's one TypeORM data source, on its own schema, migrated before anything uses it. */
@Module({})
export class DatabaseModule {
  static forService(database: ServiceDatabase, options: DatabaseModuleOptions): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => serviceDataSourceOptions(database, options.connection, options.applicationName),
          dataSourceFactory: (dataSourceOptions) => {
            if (dataSourceOptions === undefined) throw new Error('missing data source options');
            return openServiceDataSource(dataSourceOptions, options.migrateOnStart);
          },
        }),
      ],
      exports: [TypeOrmModule],
    };
  }
}
