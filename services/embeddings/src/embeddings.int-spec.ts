import { describeServiceWiring } from '@refinery/server-testing';
import { embeddingsService } from './embeddings.service-definition.js';

describeServiceWiring(embeddingsService);
