import { runService } from '@refinery/server-kit';
import { recordsService } from './records.service-definition.js';

runService(recordsService);
