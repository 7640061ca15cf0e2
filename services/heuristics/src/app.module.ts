import { Module } from '@nestjs/common';

/** The heuristics service's features; each later feature module is imported here. */
@Module({})
export class HeuristicsModule {}
