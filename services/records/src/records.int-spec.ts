import { describeServiceWiring } from '@refinery/server-testing';
import { recordsService } from './records.service-definition.js';

describeServiceWiring(recordsService);
