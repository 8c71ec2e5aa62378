import { Module } from '@nestjs/common';
import { RoutingTable } from './routing-table';

@Module({ providers: [RoutingTable], exports: [RoutingTable] })
export class RoutingModule {}
