import { describeServiceWiring } from '@refinery/server-testing';
import { exportService } from './export.service-definition.js';

describeServiceWiring(exportService);
