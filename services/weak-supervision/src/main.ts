import { runService } from '@refinery/server-kit';
import { weakSupervisionService } from './weak-supervision.service-definition.js';

runService(weakSupervisionService);
