import { runService } from '@refinery/server-kit';
import { exportService } from './export.service-definition.js';

runService(exportService);
