import { runService } from '@refinery/server-kit';
import { heuristicsService } from './heuristics.service-definition.js';

runService(heuristicsService);
