import { Module } from '@nestjs/common';

/** The records service's features; each later feature module is imported here. */
@Module({})
export class RecordsModule {}
