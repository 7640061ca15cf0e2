import { Module } from '@nestjs/common';

/** The embeddings service's features; each later feature module is imported here. */
@Module({})
export class EmbeddingsModule {}
