import { describeServiceWiring } from '@refinery/server-testing';
import { heuristicsService } from './heuristics.service-definition.js';

describeServiceWiring(heuristicsService);
