import { runService } from '@refinery/server-kit';
import { embeddingsService } from './embeddings.service-definition.js';

runService(embeddingsService);
