import { Module } from '@nestjs/common';

/** The weak-supervision service's features; each later feature module is imported here. */
@Module({})
export class WeakSupervisionModule {}
