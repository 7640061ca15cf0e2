import { Module } from '@nestjs/common';

/** The export service's features; each later feature module is imported here. */
@Module({})
export class ExportModule {}
